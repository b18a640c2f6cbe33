package dev.forkpool.job;

import dev.forkpool.pool.ChunkTask;
import dev.forkpool.pool.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds the pool: whenever workers are idle it claims that many ready chunks from the store and
 * hands one to each. It sleeps when there is nothing to do and wakes on a submit, a free worker,
 * or, for work submitted on other nodes, a poll that backs off to {@code forkpool.node.idle-poll}.
 * It also renews this node's leases and takes back chunks whose node died.
 */
class Dispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long MIN_POLL_MILLIS = 25;

    private final JobStore store;
    private final WorkerPool pool;
    private final NodeProperties node;
    private final String nodeId;
    private final OutcomeHandler outcomes;
    private final JobWaiters waiters;
    private final NodeRegistry nodes;
    private final Map<ChunkRef, UUID> inFlight = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private boolean wakeRequested;
    private volatile boolean running;
    private volatile boolean halted;
    private Thread thread;
    private ScheduledExecutorService housekeeping;

    Dispatcher(
            JobStore store,
            WorkerPool pool,
            NodeProperties node,
            String nodeId,
            OutcomeHandler outcomes,
            JobWaiters waiters,
            NodeRegistry nodes) {
        this.store = store;
        this.pool = pool;
        this.node = node;
        this.nodeId = nodeId;
        this.outcomes = outcomes;
        this.waiters = waiters;
        this.nodes = nodes;
        pool.onIdle(this::wake);
    }

    void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        nodes.started(nodeId);
        int recovered = store.recoverOwnChunks(nodeId);
        if (recovered > 0) {
            log.info("put {} chunks left running by an earlier run of node {} back to ready", recovered, nodeId);
        }
        running = true;
        thread = Thread.ofPlatform().name("dispatcher").daemon().start(this::loop);
        housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("leases").factory());
        long renew = node.renewEvery().toMillis();
        housekeeping.scheduleWithFixedDelay(this::renewAndReclaim, renew, renew, TimeUnit.MILLISECONDS);
        long waitPoll = node.waitPoll().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> waiters.poll(store), waitPoll, waitPoll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        wake();
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the pool and stops before it, so no chunk is handed to a stopped pool. */
    @Override
    public int getPhase() {
        return pool.getPhase() + 1;
    }

    private void loop() {
        long pollMillis = MIN_POLL_MILLIS;
        while (running) {
            int claimed = 0;
            int idle = pool.freeCapacity();
            if (idle > 0) {
                try {
                    claimed = dispatch(Math.min(idle, node.claimBatch()));
                } catch (RuntimeException e) {
                    log.error("claiming chunks failed; retrying shortly", e);
                }
            }
            if (claimed > 0 && claimed == Math.min(idle, node.claimBatch())) {
                pollMillis = MIN_POLL_MILLIS;
                continue;
            }
            // Idle workers but no ready chunk: back off the poll. No idle worker: wait for one.
            long waitMillis =
                    idle > 0 && claimed == 0 ? pollMillis : node.idlePoll().toMillis();
            if (idle > 0 && claimed == 0) {
                pollMillis = Math.min(pollMillis * 2, node.idlePoll().toMillis());
            } else {
                pollMillis = MIN_POLL_MILLIS;
            }
            synchronized (signal) {
                if (!wakeRequested) {
                    try {
                        signal.wait(waitMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (wakeRequested) {
                    pollMillis = MIN_POLL_MILLIS;
                }
                wakeRequested = false;
            }
        }
    }

    private int dispatch(int max) {
        List<ClaimedChunk> chunks = store.claim(nodeId, max, node.lease());
        for (ClaimedChunk chunk : chunks) {
            ChunkRef ref = chunk.ref();
            inFlight.put(ref, ref.jobId());
            ChunkTask task =
                    new ChunkTask(ref.jobId(), ref.startIndex(), chunk.function(), chunk.input(), chunk.timeout());
            boolean taken = pool.execute(task, outcome -> {
                if (halted) {
                    return; // a dead node records nothing; its lease runs out and another node takes over
                }
                try {
                    outcomes.handle(chunk, outcome);
                } finally {
                    inFlight.remove(ref);
                }
            });
            if (!taken) {
                // A worker died between counting and handing out: give the chunk back untouched.
                inFlight.remove(ref);
                store.release(ref, nodeId, chunk.attempts());
            }
        }
        return chunks.size();
    }

    /**
     * Stops this node at once, as if its process had died: no more claims, no lease renewals, no
     * heartbeats, and outcomes of chunks in flight are dropped instead of recorded or released.
     * Its chunks stay RUNNING until their leases expire. For tests of node failure.
     */
    void halt() {
        halted = true;
        running = false;
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        wake();
    }

    /**
     * Renews this node's leases and heartbeat, then takes back chunks whose lease ran out. A chunk
     * of a dead node is thus ready again at most one lease plus one renewal period after the node's
     * last renewal, and the first node with an idle worker claims it.
     */
    private void renewAndReclaim() {
        if (halted) {
            return;
        }
        try {
            store.renewLeases(nodeId, node.lease());
            nodes.heartbeat(nodeId);
            int reclaimed = store.reclaimExpired(node.reclaimBatch());
            if (reclaimed > 0) {
                log.warn("took back {} chunks whose lease expired (their node stopped renewing)", reclaimed);
                wake();
            }
            // A job cancelled through another node: stop its chunks here too.
            List<UUID> running = new ArrayList<>(new java.util.HashSet<>(inFlight.values()));
            for (UUID id : store.finishedAmong(running)) {
                int killed = pool.cancel(id);
                if (killed > 0) {
                    log.info("stopped {} chunks of job {}, which finished elsewhere", killed, id);
                }
            }
        } catch (RuntimeException e) {
            log.error("lease housekeeping failed", e);
        }
    }
}
