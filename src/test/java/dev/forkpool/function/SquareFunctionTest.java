package dev.forkpool.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SquareFunctionTest {
    private final SquareFunction square = new SquareFunction();

    @Test
    void smallIntegersStayLongs() {
        assertThat(square.apply(5L)).isEqualTo(25L);
        assertThat(square.apply(-5L)).isEqualTo(25L);
        assertThat(square.apply(0L)).isEqualTo(0L);
    }

    @Test
    void theSeedExampleSquaresExactly() {
        assertThat(square.apply(new BigInteger("12345678901234567890")))
                .isEqualTo(new BigInteger("152415787532388367501905199875019052100"));
    }

    @Test
    void theOverflowBoundaryIsExactOnBothSides() {
        // 3037000499² is the largest square below Long.MAX_VALUE; one more must not overflow silently.
        assertThat(square.apply(3_037_000_499L)).isEqualTo(9_223_372_030_926_249_001L);
        assertThat(square.apply(-3_037_000_499L)).isEqualTo(9_223_372_030_926_249_001L);
        assertThat(square.apply(3_037_000_500L)).isEqualTo(new BigInteger("9223372037000250000"));
        assertThat(square.apply(-3_037_000_500L)).isEqualTo(new BigInteger("9223372037000250000"));
        assertThat(square.apply(Long.MAX_VALUE))
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).pow(2));
        assertThat(square.apply(Long.MIN_VALUE)).isEqualTo(BigInteger.TWO.pow(126));
    }

    @Test
    void decimalsSquareExactlyAndStayDecimals() {
        assertThat(square.apply(new BigDecimal("2.5"))).isEqualTo(new BigDecimal("6.25"));
        assertThat(square.apply(new BigDecimal("1.0"))).isEqualTo(new BigDecimal("1.0"));
        assertThat(square.apply(new BigDecimal("-0.1"))).isEqualTo(new BigDecimal("0.01"));
        assertThat(square.apply(new BigDecimal("1.10"))).isEqualTo(new BigDecimal("1.21"));
        assertThat(square.apply(new BigDecimal("1e2"))).isEqualTo(new BigDecimal("10000.0"));
        assertThat(square.apply(new BigDecimal("0.0"))).isEqualTo(new BigDecimal("0.0"));
    }
}
