package dev.forkpool.function;

/** Sleeps for the input in milliseconds and returns it; for latency, timeout and cancel work. */
public final class SleepFunction implements JobFunction {
    static final long MAX_MILLIS = 60_000;

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public String description() {
        return "sleeps n milliseconds (0 to 60000) and returns n";
    }

    @Override
    public String checkInput(Number input) {
        return Inputs.checkWhole(input, 0, MAX_MILLIS, "milliseconds");
    }

    /** Its input is its cost: n milliseconds. */
    @Override
    public long costHintNanos(Number input) {
        return Math.max(0, input.longValue()) * 1_000_000L;
    }

    @Override
    public Number apply(Number input) throws InterruptedException {
        Thread.sleep(input.longValue());
        return input;
    }
}
