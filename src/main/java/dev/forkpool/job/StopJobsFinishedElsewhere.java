package dev.forkpool.job;

import dev.forkpool.pool.WorkerPool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job cancelled through another node: this node's workers still run its chunks, and only the
 * store knows. Looks up which of the jobs running here have finished, and stops their chunks.
 */
final class StopJobsFinishedElsewhere {
    private static final Logger log = LoggerFactory.getLogger(StopJobsFinishedElsewhere.class);

    private final JobStore store;
    private final WorkerPool pool;
    private final Supplier<Collection<UUID>> runningHere;

    StopJobsFinishedElsewhere(JobStore store, WorkerPool pool, Supplier<Collection<UUID>> runningHere) {
        this.store = store;
        this.pool = pool;
        this.runningHere = runningHere;
    }

    /** @return how many chunks were stopped */
    int runOnce() {
        List<UUID> running = new ArrayList<>(runningHere.get());
        int stopped = 0;
        for (UUID id : store.finishedAmong(running)) {
            int killed = pool.cancel(id);
            if (killed > 0) {
                log.info("stopped {} chunks of job {}, which finished elsewhere", killed, id);
            }
            stopped += killed;
        }
        return stopped;
    }
}
