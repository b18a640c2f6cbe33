package dev.forkpool.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumberCodecTest {

    @Test
    void longsRoundTripIncludingTheEdges() {
        List<Object> longs = List.of(
                0L,
                1L,
                -1L,
                63L,
                64L,
                -64L,
                -65L,
                127L,
                128L,
                1L << 32,
                -(1L << 32),
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MAX_VALUE - 1,
                Long.MIN_VALUE + 1);

        assertThat(NumberCodec.decode(NumberCodec.encode(longs))).containsExactlyElementsOf(longs);
    }

    @Test
    void bigIntegersRoundTripExactly() {
        List<Object> bigs = List.of(
                new BigInteger("12345678901234567890"),
                BigInteger.TWO.pow(64),
                BigInteger.TWO.pow(1000).negate(),
                BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE));

        assertThat(NumberCodec.decode(NumberCodec.encode(bigs))).containsExactlyElementsOf(bigs);
    }

    @Test
    void bigDecimalsKeepTheirScale() {
        List<Object> decimals = List.of(
                new BigDecimal("2.5"),
                new BigDecimal("1.0"),
                new BigDecimal("1.000"),
                new BigDecimal("-0.000001"),
                new BigDecimal("1E+5"),
                new BigDecimal("123456789012345678901234567890.123456789"),
                new BigDecimal("0.0"));

        List<Object> back = NumberCodec.decode(NumberCodec.encode(decimals));

        // equals on BigDecimal compares scale too, so 1.0 and 1.000 must come back as written.
        assertThat(back).containsExactlyElementsOf(decimals);
        assertThat(((BigDecimal) back.get(4)).scale()).isEqualTo(-5);
    }

    @Test
    void failuresAndMissingValuesRoundTrip() {
        List<Object> mixed = new ArrayList<>(Arrays.asList(
                7L, new ItemFailure("boom: ünïcödé ✓"), null, new ItemFailure(""), new BigDecimal("6.25")));

        assertThat(NumberCodec.decode(NumberCodec.encode(mixed))).containsExactlyElementsOf(mixed);
    }

    @Test
    void integersAreEncodedAsLongs() {
        assertThat(NumberCodec.decode(NumberCodec.encode(List.of(5, -5)))).containsExactly(5L, -5L);
    }

    @Test
    void smallNumbersAreCompact() {
        // count, tag, one varint byte
        assertThat(NumberCodec.encode(List.of(5L))).hasSize(3);
        assertThat(NumberCodec.encode(List.of(-5L))).hasSize(3);
    }

    @Test
    void emptyListAndCount() {
        assertThat(NumberCodec.decode(NumberCodec.encode(List.of()))).isEmpty();
        assertThat(NumberCodec.count(NumberCodec.encode(List.of(1L, 2L, 3L)))).isEqualTo(3);
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertThatThrownBy(() -> NumberCodec.encode(List.of(1.5d)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Double");
    }

    @Test
    void refusesTruncatedOrUnknownData() {
        byte[] bytes = NumberCodec.encode(List.of(new BigInteger("12345678901234567890")));

        assertThatThrownBy(() -> NumberCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> NumberCodec.decode(new byte[] {1, 99}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown number tag 99");
    }
}
