package dev.forkpool.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Futures that complete when a job finishes, for {@code Prefer: wait}. No thread waits: a finish
 * on this node completes them at once, with the finished job as it was read after its last commit
 * (so the waiter answers without reading it again), and a finish on another node is found by a
 * light poll that runs only while someone is waiting. A future that completes with null (a
 * timeout, or a finish found by the poll) leaves the read to the waiter.
 */
class JobWaiters {
    private static final Logger log = LoggerFactory.getLogger(JobWaiters.class);

    private final Map<UUID, Set<CompletableFuture<Job>>> byJob = new ConcurrentHashMap<>();

    /** Completes when the job finishes, or after {@code max}, whichever is first. */
    CompletableFuture<Job> await(UUID id, Duration max) {
        CompletableFuture<Job> waiter = new CompletableFuture<>();
        byJob.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        waiter.completeOnTimeout(null, max.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> byJob.computeIfPresent(id, (k, set) -> {
                    set.remove(waiter);
                    return set.isEmpty() ? null : set;
                }));
        return waiter;
    }

    /** The job has finished; {@code job} is how it was then. */
    void finished(Job job) {
        complete(job.id(), job);
    }

    /** The job has finished, on another node; its waiters read it themselves. */
    void finished(UUID id) {
        complete(id, null);
    }

    private void complete(UUID id, Job job) {
        Set<CompletableFuture<Job>> waiters = byJob.remove(id);
        if (waiters != null) {
            waiters.forEach(w -> w.complete(job));
        }
    }

    /** Checks waited-on jobs against the store; finds jobs that other nodes finished. */
    void poll(JobStore store) {
        if (byJob.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(byJob.keySet());
        try {
            for (int i = 0; i < ids.size(); i += 500) {
                store.finishedAmong(ids.subList(i, Math.min(ids.size(), i + 500)))
                        .forEach(this::finished);
            }
        } catch (RuntimeException e) {
            log.warn("could not poll waited-on jobs: {}", e.getMessage());
        }
    }
}
