package dev.forkpool.function;

/**
 * Burns CPU: runs n rounds of a xorshift generator and returns its final state, so the caller
 * tunes the cost per item with the input. About a nanosecond per round on a current core.
 */
public final class SpinFunction implements JobFunction {
    static final long MAX_ROUNDS = 10_000_000_000L;

    @Override
    public String name() {
        return "spin";
    }

    @Override
    public String description() {
        return "CPU load: n rounds of xorshift64 (0 to 10^10), returns the final state";
    }

    @Override
    public String checkInput(Number input) {
        return Inputs.checkWhole(input, 0, MAX_ROUNDS, "rounds");
    }

    /** About 2 ns per round on this project's machines (see the README), and a little to start. */
    @Override
    public long costHintNanos(Number input) {
        return 1_000 + Math.max(0, input.longValue()) * 2;
    }

    @Override
    public Number apply(Number input) {
        long rounds = input.longValue();
        long x = 0x9E3779B97F4A7C15L;
        for (long i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x >>> 1;
    }
}
