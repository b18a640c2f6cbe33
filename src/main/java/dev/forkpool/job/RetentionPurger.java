package dev.forkpool.job;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes finished jobs, with their chunks, once they are older than {@code forkpool.retention.finished}.
 * It deletes in batches, each its own short transaction, so submissions and claims never wait
 * behind a purge. Every node runs one; on PostgreSQL they take disjoint batches.
 */
class RetentionPurger implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);

    private final JobStore store;
    private final NodeRegistry nodes;
    private final RetentionProperties props;
    private final Clock clock;
    private final StorageCeiling ceiling;
    private ScheduledExecutorService timer;
    private volatile boolean running;

    RetentionPurger(
            JobStore store, NodeRegistry nodes, RetentionProperties props, Clock clock, StorageCeiling ceiling) {
        this.ceiling = ceiling;
        this.store = store;
        this.nodes = nodes;
        this.props = props;
        this.clock = clock;
    }

    /** Purges every job past retention now, batch by batch. @return the number of jobs deleted */
    int purge() {
        var cutoff = clock.instant().minus(props.finished());
        int total = 0;
        int deleted;
        do {
            deleted = store.purgeFinished(cutoff, props.batchSize());
            total += deleted;
        } while (deleted == props.batchSize() && running());
        nodes.forgetSilent(props.finished());
        ceiling.enforce(0);
        if (total > 0) {
            log.info("deleted {} jobs that finished before {}", total, cutoff);
        }
        return total;
    }

    /** Stops a long purge between batches when the node shuts down; a manual purge runs to the end. */
    private boolean running() {
        return timer == null || running;
    }

    @Override
    public void start() {
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("retention").factory());
        long every = props.purgeEvery().toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        purge();
                    } catch (RuntimeException e) {
                        log.warn("purging finished jobs failed; next try in {}", props.purgeEvery(), e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
