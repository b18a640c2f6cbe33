package dev.forkpool.job;

import dev.forkpool.function.FunctionCatalog;
import dev.forkpool.pool.ChunkTask;
import dev.forkpool.pool.WorkerPool;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds the pool: whenever workers are idle it claims that many ready chunks from the store and
 * hands one to each. It sleeps when there is nothing to do and wakes on a submit, a free worker,
 * or, for work submitted on other nodes, a poll that backs off to {@code forkpool.node.idle-poll}.
 * Lease renewal, reclaim and stopping jobs finished elsewhere are {@link NodeUpkeep}'s.
 */
class Dispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long MIN_POLL_MILLIS = 25;

    private final JobStore store;
    private final WorkerPool pool;
    private final NodeProperties node;
    private final String nodeId;
    private final OutcomeHandler outcomes;
    private final NodeRegistry nodes;
    private final CompletionBatcher completions;
    private final java.time.Clock clock;
    private final FunctionCosts costs;
    private final FunctionCatalog functions;
    private final Map<ChunkRef, UUID> inFlight = new ConcurrentHashMap<>();
    /** Set by {@link #wake()}; the loop clears it before it looks for work, so no wake is lost. */
    private final java.util.concurrent.atomic.AtomicBoolean wakeRequested =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** Capacity promised to jobs being inserted with the fast path, not yet handed to the pool. */
    private int reserved;

    private volatile boolean running;
    private volatile boolean halted;
    private volatile Thread thread;

    Dispatcher(
            JobStore store,
            WorkerPool pool,
            NodeProperties node,
            String nodeId,
            OutcomeHandler outcomes,
            NodeRegistry nodes,
            CompletionBatcher completions,
            FunctionCosts costs,
            FunctionCatalog functions,
            java.time.Clock clock) {
        this.store = store;
        this.pool = pool;
        this.node = node;
        this.nodeId = nodeId;
        this.outcomes = outcomes;
        this.nodes = nodes;
        this.completions = completions;
        this.clock = clock;
        this.costs = costs;
        this.functions = functions;
        pool.onIdle(this::wake);
    }

    void wake() {
        // Called on every submit and every result: a flag and an unpark, no lock to contend for
        // (a profile showed threads queueing on the monitor this used to take).
        if (!wakeRequested.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                java.util.concurrent.locks.LockSupport.unpark(t);
            }
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
    }

    /** The jobs whose chunks this node's workers run now. */
    Set<UUID> runningJobs() {
        return new HashSet<>(inFlight.values());
    }

    @Override
    public void stop() {
        running = false;
        wake();
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
            Handed handed = Handed.NONE;
            int idle = freeCapacity();
            int wanted = Math.min(idle, node.claimBatch());
            if (idle > 0) {
                try {
                    handed = dispatch(wanted);
                } catch (RuntimeException e) {
                    log.error("claiming chunks failed; retrying shortly", e);
                }
            }
            // Every chunk asked for was claimed and taken: there may be more.
            if (wanted > 0 && handed.taken() == wanted) {
                pollMillis = MIN_POLL_MILLIS;
                continue;
            }
            // Idle workers but no ready chunk: back off the poll. No idle worker, or workers that
            // refused what was claimed for them: wait for one to free a place.
            boolean nothingReady = idle > 0 && handed.taken() == 0 && handed.refused() == 0;
            long waitMillis = nothingReady ? pollMillis : node.idlePoll().toMillis();
            if (nothingReady) {
                pollMillis = Math.min(pollMillis * 2, node.idlePoll().toMillis());
            } else {
                pollMillis = MIN_POLL_MILLIS;
            }
            if (!wakeRequested.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(waitMillis * 1_000_000);
            }
            if (wakeRequested.getAndSet(false)) {
                pollMillis = MIN_POLL_MILLIS;
            }
        }
    }

    /** What became of claimed chunks: taken by a worker, or refused and given back. */
    private record Handed(int taken, int refused) {
        static final Handed NONE = new Handed(0, 0);
    }

    private synchronized int freeCapacity() {
        return Math.max(0, pool.freeCapacity() - reserved);
    }

    /**
     * Promises up to {@code wanted} of the pool's free capacity to a job this node is inserting
     * (the fast path), so the claim loop does not hand the same capacity to chunks of the store.
     *
     * @return how much was promised; give it back with {@link #runLocal} or {@link #unreserve}
     */
    synchronized int reserve(int wanted) {
        if (!running || halted) {
            return 0;
        }
        int granted = Math.max(0, Math.min(wanted, pool.freeCapacity() - reserved));
        reserved += granted;
        return granted;
    }

    synchronized void unreserve(int granted) {
        reserved -= granted;
    }

    /** Hands chunks that the store already shows as this node's to the pool, from memory. */
    void runLocal(List<ClaimedChunk> chunks, int granted) {
        try {
            hand(chunks);
        } finally {
            unreserve(granted);
        }
    }

    private Handed dispatch(int max) {
        JobStore.Claimed claimed = store.claimChunks(nodeId, max, node.lease());
        // Marking their jobs RUNNING rides on the next group commit, queued before any of their
        // results can be, so a job is never marked started after it finished.
        completions.started(claimed.started(), clock.millis());
        return hand(claimed.chunks());
    }

    /**
     * Hands the chunks to the pool and gives back those no worker takes. No wake follows a give
     * back: the loop claims again when a worker frees a place, not at once, which could claim the
     * same chunks only to give them back again.
     *
     * @return how many a worker took and how many were given back
     */
    private Handed hand(List<ClaimedChunk> chunks) {
        List<ClaimedChunk> refused = new java.util.ArrayList<>();
        for (ClaimedChunk chunk : chunks) {
            ChunkRef ref = chunk.ref();
            inFlight.put(ref, ref.jobId());
            ChunkTask task = new ChunkTask(
                    ref.jobId(), ref.startIndex(), chunk.function(), chunk.input(), chunk.timeout(), estimate(chunk));
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
                // A worker died between counting and handing out, or the claim counted on cheap
                // chunks and this one is not: give it back untouched.
                inFlight.remove(ref);
                refused.add(chunk);
            }
        }
        if (!refused.isEmpty()) {
            store.giveBack(refused, nodeId);
        }
        return new Handed(chunks.size() - refused.size(), refused.size());
    }

    private long estimate(ClaimedChunk chunk) {
        String name = chunk.function();
        return costs.chunkEstimate(name, functions.find(name), chunk.itemCount(), chunk.input());
    }

    /**
     * Stops this node at once, as if its process had died: no more claims, and outcomes of chunks
     * in flight are dropped instead of recorded or released. Its chunks stay RUNNING until their
     * leases expire (with {@link NodeUpkeep#halt()}, nothing renews them). For tests of node failure.
     */
    void halt() {
        halted = true;
        running = false;
        wake();
    }
}
