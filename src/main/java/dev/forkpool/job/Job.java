package dev.forkpool.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as stored.
 *
 * @param completed items that finished with a value
 * @param failed items that finished with an error
 * @param cpuNanos CPU time its chunks used in worker processes
 * @param nodes the nodes whose workers ran its chunks
 * @param owner the owner of the API key that submitted it
 * @param failureReason why the job as a whole failed (its CPU cap), or null
 */
public record Job(
        UUID id,
        String function,
        JobStatus status,
        int total,
        int completed,
        int failed,
        int chunkSize,
        int chunks,
        Duration timeout,
        long cpuNanos,
        String submittedOn,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        List<String> nodes,
        String owner,
        String failureReason) {

    /**
     * This job, read under its row lock, after a completion added these counts and finished it:
     * the row as that completion wrote it, without reading it back.
     */
    Job finishedBy(
            JobStatus status,
            int addCompleted,
            int addFailed,
            long addCpuNanos,
            Instant startedIfUnset,
            Instant finishedAt,
            List<String> nodes) {
        return new Job(
                id,
                function,
                status,
                total,
                completed + addCompleted,
                failed + addFailed,
                chunkSize,
                chunks,
                timeout,
                cpuNanos + addCpuNanos,
                submittedOn,
                createdAt,
                startedAt != null ? startedAt : startedIfUnset,
                finishedAt,
                List.copyOf(nodes),
                owner,
                failureReason);
    }

    /** This job as a cancel left it, for a caller that can no longer read it back (deleted meanwhile). */
    Job cancelledAt(Instant when) {
        return new Job(
                id,
                function,
                JobStatus.CANCELLED,
                total,
                completed,
                failed,
                chunkSize,
                chunks,
                timeout,
                cpuNanos,
                submittedOn,
                createdAt,
                startedAt,
                when,
                nodes,
                owner,
                failureReason);
    }
}
