package dev.forkpool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bulk path: a NumberArray encodes exactly as the same boxed list does, range by range. */
class NumberArrayCodecTest {

    @Test
    void aNumberArrayKeepsLongsPrimitiveAndOthersExact() {
        NumberArray a = new NumberArray(2);
        List<Number> boxed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Number n = switch (i % 4) {
                case 0 -> (long) i * 1_000_000_007L;
                case 1 -> new BigInteger("123456789012345678901234567890").add(BigInteger.valueOf(i));
                case 2 -> new BigDecimal("-" + i + ".25");
                default -> Long.MIN_VALUE + i;
            };
            a.add(n);
            boxed.add(n);
        }
        assertThat(a).containsExactlyElementsOf(boxed);
        assertThat(a.isLong(0)).isTrue();
        assertThat(a.isLong(1)).isFalse();
        assertThat(a.longAt(3)).isEqualTo(Long.MIN_VALUE + 3);
        for (int from = 0; from < 100; from += 13) {
            int to = Math.min(100, from + 13);
            assertThat(NumberCodec.encode(a, from, to)).isEqualTo(NumberCodec.encode(boxed.subList(from, to)));
            assertThat(NumberCodec.decode(NumberCodec.encode(a, from, to)))
                    .containsExactlyElementsOf(boxed.subList(from, to));
        }
    }

    @Test
    void longsOfEveryVarintWidthEncodeAsTheBoxedListDoes() {
        NumberArray a = new NumberArray(4);
        List<Number> boxed = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long p = 1L << bit;
            for (long v : new long[] {p, p - 1, -p, -p + 1, p + 1}) {
                a.addLong(v);
                boxed.add(v);
            }
        }
        a.addLong(Long.MAX_VALUE);
        boxed.add(Long.MAX_VALUE);
        for (int from = 0; from < boxed.size(); from += 37) {
            int to = Math.min(boxed.size(), from + 37);
            byte[] bytes = NumberCodec.encode(a, from, to);
            assertThat(bytes).isEqualTo(NumberCodec.encode(boxed.subList(from, to)));
            assertThat(NumberCodec.decode(bytes)).containsExactlyElementsOf(boxed.subList(from, to));
        }
    }

    @Test
    void theSizeOfAVarintIsTheNumberOfBytesItTakes() {
        for (int bit = 0; bit < 64; bit++) {
            for (long v : new long[] {1L << bit, (1L << bit) - 1, -(1L << bit), (1L << bit) + 1}) {
                int bytes = 1;
                for (long rest = v; (rest & ~0x7FL) != 0; rest >>>= 7) {
                    bytes++;
                }
                assertThat(NumberCodec.varintSize(v)).as("varint of %d", v).isEqualTo(bytes);
            }
        }
    }

    @Test
    void theReaderGivesKindsAndPrimitiveLongs() {
        byte[] bytes = NumberCodec.encode(List.of(3L, new BigInteger("18446744073709551616"), new ItemFailure("x")));
        NumberCodec.Reader r = NumberCodec.reader(bytes);
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.next()).isEqualTo(NumberCodec.LONG);
        assertThat(r.longValue()).isEqualTo(3);
        assertThat(r.next()).isEqualTo(NumberCodec.BIG_INTEGER);
        assertThat(r.value()).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(r.next()).isEqualTo(NumberCodec.FAILURE);
        assertThat(r.failure()).isEqualTo("x");
        assertThat(r.hasNext()).isFalse();
        assertThatThrownBy(r::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWriterRefusesToWriteFewerItemsThanAnnounced() {
        NumberCodec.Writer w = new NumberCodec.Writer(2);
        w.writeLong(1);
        assertThatThrownBy(w::toByteArray).isInstanceOf(IllegalStateException.class);
        w.write(null);
        assertThat(NumberCodec.decode(w.toByteArray())).containsExactly(1L, null);
    }
}
