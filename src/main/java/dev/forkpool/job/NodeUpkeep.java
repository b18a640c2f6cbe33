package dev.forkpool.job;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs this node's periodic upkeep on one background thread, each task on its own schedule and
 * each failure logged, never fatal (db-scheduler's RunAndLogErrors): lease renewal, reclaim of
 * expired leases, stopping jobs finished elsewhere, and the poll for waited-on jobs.
 */
class NodeUpkeep implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NodeUpkeep.class);

    private final NodeProperties node;
    private final LeaseRenewal renewal;
    private final ExpiredLeaseReclaim reclaim;
    private final StopJobsFinishedElsewhere stopFinished;
    private final Runnable pollWaiters;
    private volatile boolean halted;
    private ScheduledExecutorService scheduler;

    NodeUpkeep(
            NodeProperties node,
            LeaseRenewal renewal,
            ExpiredLeaseReclaim reclaim,
            StopJobsFinishedElsewhere stopFinished,
            Runnable pollWaiters) {
        this.node = node;
        this.renewal = renewal;
        this.reclaim = reclaim;
        this.stopFinished = stopFinished;
        this.pollWaiters = pollWaiters;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("node-upkeep").factory());
        // Renew before reclaiming, so this node never reclaims a lease of its own that is merely late.
        every(node.renewEvery(), "lease renewal", renewal::runOnce);
        every(node.renewEvery(), "reclaim of expired leases", reclaim::runOnce);
        every(node.renewEvery(), "stopping jobs finished elsewhere", stopFinished::runOnce);
        every(node.waitPoll(), "poll for waited-on jobs", pollWaiters);
    }

    private void every(Duration period, String name, Runnable task) {
        long millis = period.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    if (halted) {
                        return;
                    }
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("{} failed; trying again in {}", name, period, e);
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** As if the process had died: no more renewals or heartbeats. For tests of node failure. */
    void halt() {
        halted = true;
        stop();
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
