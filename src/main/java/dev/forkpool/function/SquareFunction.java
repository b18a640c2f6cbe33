package dev.forkpool.function;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * x², exactly. Integers stay integers of any size; a decimal stays a decimal ({@code 2.5 → 6.25},
 * {@code 1.0 → 1.0}), computed with {@link BigDecimal}, never {@code double}.
 */
public final class SquareFunction implements JobFunction {
    /** The largest |x| whose square fits in a long: floor(sqrt(2^63 - 1)). */
    private static final long MAX_FAST = 3_037_000_499L;

    @Override
    public String name() {
        return "square";
    }

    @Override
    public String description() {
        return "x squared, exactly: integers of any size and decimals";
    }

    /** About a microsecond even for big numbers: far less than any chunk's fixed overhead. */
    @Override
    public long costHintNanos(Number input) {
        return 1_000;
    }

    @Override
    public Number apply(Number input) {
        return switch (input) {
            case Long l when l >= -MAX_FAST && l <= MAX_FAST -> l * l;
            case Long l -> BigInteger.valueOf(l).multiply(BigInteger.valueOf(l));
            case BigInteger b -> b.multiply(b);
            case BigDecimal d -> {
                // Trailing zeros carry no value, but keep one decimal place so a decimal input
                // reads as a decimal output, as Python's 1.0 ** 2 == 1.0.
                BigDecimal sq = d.multiply(d).stripTrailingZeros();
                yield sq.scale() < 1 ? sq.setScale(1) : sq;
            }
            default -> throw new IllegalArgumentException("not a number type: " + input.getClass());
        };
    }
}
