package dev.forkpool.pool;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * One slot of the pool at a moment.
 *
 * @param slot the slot number, stable across restarts
 * @param state STARTING, IDLE, BUSY, RETIRING or BACKING_OFF
 * @param pid the current process, or null between processes
 * @param jobId the job whose chunk it runs, or null
 * @param startIndex the first item of the chunk it runs (its index in the job), or null
 * @param tasksDone chunks completed in this slot, over all its processes
 * @param cpuNanos CPU time used by chunks in this slot
 * @param restarts processes replaced in this slot, by reason
 * @param handshake how long the current (or last) process took from spawn to HELLO
 */
public record WorkerSnapshot(
        int slot,
        String state,
        Long pid,
        UUID jobId,
        Integer startIndex,
        long tasksDone,
        long cpuNanos,
        Map<ExitReason, Long> restarts,
        Duration handshake) {

    public boolean alive() {
        return pid != null;
    }

    public boolean busy() {
        return jobId != null;
    }
}
