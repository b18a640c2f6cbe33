package dev.forkpool.api;

import dev.forkpool.job.Job;
import dev.forkpool.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the API shows it.
 *
 * @param completed items finished with a value
 * @param failed items finished with an error
 * @param timeout the deadline of each chunk, ISO-8601
 * @param cpuSeconds CPU time its chunks used in worker processes
 * @param nodes the nodes whose workers ran its chunks
 * @param results where its results are
 * @param owner the owner of the key that submitted it
 * @param failureReason why the job as a whole failed (past its CPU cap), or null
 */
record JobView(
        UUID id,
        String function,
        JobStatus status,
        int total,
        int completed,
        int failed,
        int chunkSize,
        int chunks,
        String timeout,
        double cpuSeconds,
        String submittedOn,
        List<String> nodes,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String results,
        String owner,
        String failureReason) {

    static JobView of(Job job) {
        return new JobView(
                job.id(),
                job.function(),
                job.status(),
                job.total(),
                job.completed(),
                job.failed(),
                job.chunkSize(),
                job.chunks(),
                job.timeout().toString(),
                job.cpuNanos() / 1e9,
                job.submittedOn(),
                job.nodes(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                "/jobs/" + job.id() + "/results",
                job.owner(),
                job.failureReason());
    }
}
