package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.protocol.ItemFailure;
import dev.forkpool.protocol.NumberCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSinkTest {

    @ParameterizedTest
    @ValueSource(
            longs = {
                0,
                1,
                9,
                10,
                11,
                99,
                100,
                101,
                999,
                1000,
                -1,
                -9,
                -10,
                -100,
                123456789,
                999999999999999999L,
                1000000000000000000L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MIN_VALUE + 1
            })
    void writesLongsAsJavaDoes(long v) throws IOException {
        assertThat(write(s -> s.number(v))).isEqualTo(Long.toString(v));
    }

    @Test
    void writesEveryPowerOfTenAndItsNeighbours() throws IOException {
        long p = 1;
        for (int i = 0; i < 19; i++) {
            for (long v : new long[] {p - 1, p, p + 1, -p}) {
                long x = v;
                assertThat(write(s -> s.number(x))).isEqualTo(Long.toString(x));
            }
            p *= 10;
        }
    }

    @Test
    void writesBigNumbersExactlyAndDecimalsWithoutExponent() throws IOException {
        assertThat(write(s -> s.number(new BigInteger("123456789012345678901234567890"))))
                .isEqualTo("123456789012345678901234567890");
        assertThat(write(s -> s.number(new BigDecimal("1E+2")))).isEqualTo("100");
        assertThat(write(s -> s.number(new BigDecimal("6.25")))).isEqualTo("6.25");
        assertThat(write(s -> s.number((Object) null))).isEqualTo("null");
    }

    @Test
    void escapesStrings() throws IOException {
        assertThat(write(s -> s.string("a\"b\\c\nd\u0001é€😀"))).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001é€😀\"");
    }

    @Test
    void writesEncodedItemsAsJsonValues() throws IOException {
        List<Object> items = List.of(
                5L, -7L, new BigInteger("99999999999999999999"), new BigDecimal("2.50"), new ItemFailure("boom"));
        NumberCodec.Reader r = NumberCodec.reader(NumberCodec.encode(items));
        String out = write(s -> {
            while (r.hasNext()) {
                s.value(r, r.next()).raw(',');
            }
        });
        assertThat(out).isEqualTo("5,-7,99999999999999999999,2.50,null,");
    }

    @Test
    void outputsLongerThanTheBufferArriveWhole() throws IOException {
        List<String> expected = new ArrayList<>();
        String out = write(s -> {
            for (long i = 0; i < 100_000; i++) {
                s.number(i * 1_000_003L).raw(',');
            }
        });
        for (long i = 0; i < 100_000; i++) {
            expected.add(Long.toString(i * 1_000_003L));
        }
        assertThat(Arrays.asList(out.split(","))).isEqualTo(expected);
    }

    interface Body {
        void write(JsonSink sink) throws IOException;
    }

    private static String write(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonSink sink = new JsonSink(out);
        body.write(sink);
        sink.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
