package dev.forkpool.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of submits: small jobs submitted at once are inserted in one transaction. A busy
 * node paid a transaction, a read of the turn being served and a commit per job; a profile of
 * small jobs on H2 put a quarter of the service's CPU in those inserts, and on PostgreSQL each
 * was a round of five statements and a WAL flush.
 *
 * <p>No thread of its own: a submit queues its job, then the first submitter to get the lock
 * inserts every queued job, its own and those that queued meanwhile, while the others wait for
 * the lock and find theirs done. A lone submit inserts at once, on its own thread, with no hand-off
 * and no added delay. Big jobs are inserted alone and concurrently, so that a small job never
 * waits for a million items to be written.
 */
final class InsertBatcher {
    private static final Logger log = LoggerFactory.getLogger(InsertBatcher.class);
    /**
     * A job of more chunks than this is inserted alone. Not a property: it only keeps a small job
     * from waiting behind a big one's write, and 256 one-item chunks take well under a millisecond.
     */
    static final int MAX_BATCH_CHUNKS = 256;

    private final JobStore store;
    private final int maxJobs;
    private final int maxChunks;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock(); // virtual threads unmount while they queue here

    private record Pending(JobStore.Insert insert, CompletableFuture<JobStore.Inserted> done) {}

    /**
     * @param maxJobs the most jobs one transaction inserts
     * @param maxChunks a job of more chunks than this is inserted alone; a batch holds at most
     *     this many chunks, but for a batch of one
     */
    InsertBatcher(JobStore store, int maxJobs, int maxChunks) {
        this.store = store;
        this.maxJobs = maxJobs;
        this.maxChunks = maxChunks;
    }

    /**
     * Inserts the job as {@link JobStore#insertNotYetDurable} does, maybe in one transaction with
     * others: the caller must still make it durable before it answers.
     */
    JobStore.Inserted insert(JobStore.NewJob job, JobStore.LocalClaim local) {
        JobStore.Insert insert = new JobStore.Insert(job, local);
        if (job.chunks().size() > maxChunks) {
            return store.insertAllNotYetDurable(List.of(insert)).getFirst();
        }
        Pending mine = new Pending(insert, new CompletableFuture<>());
        queue.add(mine);
        while (!mine.done().isDone()) {
            leader.lock();
            try {
                if (!mine.done().isDone()) {
                    insertQueued();
                }
            } finally {
                leader.unlock();
            }
        }
        try {
            return mine.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Jobs queued for the next transaction; for tests. */
    int queued() {
        return queue.size();
    }

    /**
     * Inserts a batch of what is queued, in the order it queued, and completes every job of it,
     * whatever is thrown: a job left incomplete would hang its caller. Called under the lock, on
     * the thread of whichever submitter got it: that thread's interrupt belongs to its own request,
     * so it is held back while the batch, which is everyone's, is written.
     */
    private void insertQueued() {
        boolean interrupted = Thread.interrupted();
        try {
            insertBatch(take());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int chunks = 0;
        for (Pending p = queue.peek(); p != null && batch.size() < maxJobs; p = queue.peek()) {
            int more = p.insert().job().chunks().size();
            if (!batch.isEmpty() && chunks + more > maxChunks) {
                break;
            }
            batch.add(queue.poll());
            chunks += more;
        }
        if (batch.isEmpty()) {
            // Only the lock holder takes from the queue, and a caller leaves only once its job is
            // done: a caller whose job is not done finds it queued.
            throw new IllegalStateException("a submit's job is neither done nor queued");
        }
        return batch;
    }

    /** Answers every job of the batch, whatever is thrown; an Error is thrown on after that. */
    private void insertBatch(List<Pending> batch) {
        try {
            insertTogetherOrAlone(batch);
        } catch (RuntimeException | Error e) {
            // Every job not answered yet fails with it (a done one stays done); no retry after an Error.
            batch.forEach(p -> p.done().completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private void insertTogetherOrAlone(List<Pending> batch) {
        try {
            List<JobStore.Inserted> inserted = store.insertAllNotYetDurable(
                    batch.stream().map(Pending::insert).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(inserted.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                throw e;
            }
            // One bad job must not fail the others: insert them one by one.
            log.warn("inserting a batch of {} jobs failed ({}); inserting them one by one", batch.size(), e.toString());
            for (Pending p : batch) {
                try {
                    p.done()
                            .complete(store.insertAllNotYetDurable(List.of(p.insert()))
                                    .getFirst());
                } catch (RuntimeException alone) {
                    p.done().completeExceptionally(alone);
                }
            }
        }
    }
}
