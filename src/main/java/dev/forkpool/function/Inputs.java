package dev.forkpool.function;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Helpers for the domain checks of functions that take whole numbers. */
final class Inputs {
    private Inputs() {}

    /** Null when the input is a whole number in [min, max], otherwise the reason it is not. */
    static String checkWhole(Number input, long min, long max, String unit) {
        if (!(input instanceof Long value)) {
            String kind = input instanceof BigInteger ? "too large" : "not a whole number";
            return "must be a whole number of " + unit + " from " + min + " to " + max + ", got " + plain(input) + " ("
                    + kind + ")";
        }
        if (value < min || value > max) {
            return "must be a whole number of " + unit + " from " + min + " to " + max + ", got " + value;
        }
        return null;
    }

    private static String plain(Number n) {
        String s = n instanceof BigDecimal d ? d.toPlainString() : n.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
