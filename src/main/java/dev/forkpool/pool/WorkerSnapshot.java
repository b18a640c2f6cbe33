package dev.forkpool.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One slot of the pool at a moment.
 *
 * @param slot the slot number, stable across restarts
 * @param state STARTING, IDLE, BUSY, RETIRING or BACKING_OFF
 * @param pid the current process, or null between processes
 * @param jobId the job whose chunk it runs (the first in flight), or null
 * @param tasksDone chunks completed in this slot, over all its processes
 * @param cpuNanos CPU time used by chunks in this slot
 * @param restarts processes replaced in this slot, by reason
 * @param handshake how long the current (or last) process took from spawn to HELLO
 * @param inFlight the chunks on the current process, in the order it runs them: the first is
 *     running, the rest wait in its queue (see {@code forkpool.pool.prefetch})
 */
public record WorkerSnapshot(
        int slot,
        String state,
        Long pid,
        UUID jobId,
        long tasksDone,
        long cpuNanos,
        Map<ExitReason, Long> restarts,
        Duration handshake,
        List<InFlightChunk> inFlight) {

    /**
     * A chunk handed to a worker.
     *
     * @param jobId its job
     * @param startIndex its first item's index in the job
     * @param started whether the worker is running it (false: queued behind another)
     */
    public record InFlightChunk(UUID jobId, int startIndex, boolean started) {}

    public boolean alive() {
        return pid != null;
    }

    public boolean busy() {
        return jobId != null;
    }
}
