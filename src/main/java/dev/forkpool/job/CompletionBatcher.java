package dev.forkpool.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Group commit of chunk results, as River's batch completer: results queue up while one
 * transaction is committing, and the next transaction records all of them at once (at most
 * {@code forkpool.node.completion-batch}). So an idle node commits a lone result at once, with no
 * added delay, and a busy node commits many results per transaction. Each result's callback runs
 * only after the transaction that holds it has committed, so a waiter woken by it always reads
 * the result.
 */
class CompletionBatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CompletionBatcher.class);

    /**
     * One result to record, and what to do once it is committed (or discarded); or, with a null
     * result, jobs a claim started, to mark RUNNING in the same transaction.
     */
    record Pending(JobStore.Result result, AfterCommit afterCommit, List<UUID> started, long at) {}

    /** What to do once a result is committed, or discarded. */
    @FunctionalInterface
    interface AfterCommit {
        /** @param finished the job this result finished, as the commit left it; otherwise null */
        void accept(JobStore.Completion completion, Job finished);
    }

    private final JobStore store;
    private final String nodeId;
    private final int maxBatch;
    private final int phase;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    CompletionBatcher(JobStore store, String nodeId, int maxBatch, int phase) {
        this.store = store;
        this.nodeId = nodeId;
        this.maxBatch = maxBatch;
        this.phase = phase;
    }

    /** Queues a result; its callback runs on the committer's thread after the commit. */
    void submit(JobStore.Result result, AfterCommit afterCommit) {
        queue.add(new Pending(result, afterCommit, List.of(), 0));
    }

    /** Jobs whose first chunks were just claimed: marked RUNNING with the next batch, at once if idle. */
    void started(List<UUID> jobs, long at) {
        if (!jobs.isEmpty()) {
            queue.add(new Pending(null, null, jobs, at));
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("completions").daemon().start(this::loop);
    }

    /** Stops after the pool (see the phase), and records what is still queued before it goes. */
    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    private void loop() {
        while (running) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Pending> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    commit(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("recording results failed", e);
            }
        }
    }

    /** Records everything queued now; for shutdown, and for tests that drive the batcher by hand. */
    void flushAll() {
        List<Pending> batch = new ArrayList<>();
        while (queue.drainTo(batch, maxBatch) > 0) {
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending> all) {
        List<Pending> batch = new ArrayList<>(all.size());
        java.util.Set<UUID> started = new java.util.LinkedHashSet<>();
        long at = 0;
        for (Pending p : all) {
            if (p.result() != null) {
                batch.add(p);
            } else {
                started.addAll(p.started());
                at = Math.max(at, p.at());
            }
        }
        List<JobStore.Completion> outcomes;
        Map<UUID, Job> finished;
        try {
            JobStore.Recorded recorded =
                    store.record(nodeId, batch.stream().map(Pending::result).toList(), started, at);
            outcomes = recorded.outcomes();
            finished = recorded.finished();
        } catch (RuntimeException e) {
            // One bad result must not lose the others: record them one by one.
            log.warn("a batch of {} results failed ({}); recording them one by one", batch.size(), e.toString());
            outcomes = new ArrayList<>(batch.size());
            finished = new java.util.HashMap<>();
            for (Pending p : batch) {
                JobStore.Recorded alone = completeAlone(p.result());
                outcomes.add(alone.outcomes().getFirst());
                finished.putAll(alone.finished());
            }
            markAlone(started, at);
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            JobStore.Completion outcome = outcomes.get(i);
            try {
                p.afterCommit()
                        .accept(
                                outcome,
                                outcome == JobStore.Completion.FINISHED
                                        ? finished.get(p.result().ref().jobId())
                                        : null);
            } catch (RuntimeException e) {
                log.warn("after recording chunk {}: {}", p.result().ref(), e.toString(), e);
            }
        }
    }

    private void markAlone(java.util.Set<UUID> started, long at) {
        try {
            store.completeAll(nodeId, List.of(), started, at);
        } catch (RuntimeException e) {
            log.warn("could not mark {} jobs RUNNING: {}", started.size(), e.toString());
        }
    }

    private JobStore.Recorded completeAlone(JobStore.Result r) {
        try {
            return store.record(nodeId, List.of(r), List.of(), 0);
        } catch (RuntimeException e) {
            log.error("could not record chunk {}; its lease will run out and it will run again", r.ref(), e);
            return new JobStore.Recorded(List.of(JobStore.Completion.DISCARDED), Map.of());
        }
    }
}
