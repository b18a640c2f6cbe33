package dev.forkpool.job;

import java.time.Duration;

/** Hears what happens to jobs on this node, for metrics. Called on service threads: return quickly. */
public interface JobListener {

    default void jobSubmitted(Job job) {}

    /** A job reached a final status through this node. */
    default void jobFinished(Job job) {}

    /** A chunk came back from a worker on this node and was counted. */
    default void chunkFinished(String function, int items, int failed, long cpuNanos, Duration elapsed) {}

    /** A chunk of this job was recorded (committed) by this node; results streams wake on it. */
    default void chunkRecorded(java.util.UUID jobId) {}
}
