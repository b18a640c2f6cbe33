package dev.forkpool.pool;

import java.time.Duration;

/** How a chunk ended on its worker. */
public sealed interface TaskOutcome {

    /** The worker answered. Individual items may still have failed. */
    record Done(int failed, byte[] outputs, long cpuNanos, Duration elapsed) implements TaskOutcome {}

    /** The worker died while running the chunk. */
    record Crashed(String reason) implements TaskOutcome {}

    /** The chunk ran past its deadline and its worker was killed. */
    record TimedOut(Duration timeout) implements TaskOutcome {}

    /** The job was cancelled and its worker was killed. */
    record Cancelled() implements TaskOutcome {}

    /** The service is shutting down and stopped the worker; the chunk is not to blame. */
    record Abandoned() implements TaskOutcome {}
}
