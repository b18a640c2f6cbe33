package dev.forkpool.pool;

import java.time.Duration;
import java.util.UUID;

/**
 * One chunk to run on a worker.
 *
 * @param jobId the job it belongs to, so a cancel can find it
 * @param startIndex its first item's index in the job, for logs
 * @param function the function name
 * @param inputs the items, in {@link dev.forkpool.protocol.NumberCodec} form
 * @param timeout the deadline, counted from when the worker starts it (not when it was queued)
 * @param estimatedNanos what running it is expected to take, or {@link #UNKNOWN_COST} when the node
 *     has not learned it; only cheap chunks let a worker hold more than {@code forkpool.pool.prefetch}
 */
public record ChunkTask(
        UUID jobId, int startIndex, String function, byte[] inputs, Duration timeout, long estimatedNanos) {

    public static final long UNKNOWN_COST = -1;

    /** A chunk of unknown cost. */
    public ChunkTask(UUID jobId, int startIndex, String function, byte[] inputs, Duration timeout) {
        this(jobId, startIndex, function, inputs, timeout, UNKNOWN_COST);
    }
}
