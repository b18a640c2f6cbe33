package dev.forkpool.job;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans job events out to the waiters, the listeners (metrics) and the dispatcher. */
class JobEvents {
    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    private final JobWaiters waiters;
    private final List<JobListener> listeners;
    private Runnable dispatcherWake = () -> {};

    JobEvents(JobWaiters waiters, List<JobListener> listeners) {
        this.waiters = waiters;
        this.listeners = listeners;
    }

    void setDispatcherWake(Runnable wake) {
        this.dispatcherWake = wake;
    }

    void wakeDispatcher() {
        dispatcherWake.run();
    }

    void jobSubmitted(Job job) {
        each(l -> l.jobSubmitted(job));
        if (job.status().finished()) {
            jobFinished(job);
        }
    }

    void jobFinished(Job job) {
        waiters.finished(job);
        each(l -> l.jobFinished(job));
    }

    void chunkFinished(String function, int items, int failed, long cpuNanos, Duration elapsed) {
        each(l -> l.chunkFinished(function, items, failed, cpuNanos, elapsed));
    }

    void chunkRecorded(java.util.UUID jobId) {
        each(l -> l.chunkRecorded(jobId));
    }

    private void each(Consumer<JobListener> call) {
        for (JobListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("job listener {} failed", l, e);
            }
        }
    }
}
