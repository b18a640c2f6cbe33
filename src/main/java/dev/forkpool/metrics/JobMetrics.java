package dev.forkpool.metrics;

import dev.forkpool.function.JobFunction;
import dev.forkpool.job.Job;
import dev.forkpool.job.JobListener;
import dev.forkpool.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;

/**
 * Counts jobs, items and worker CPU per function, and times jobs and chunks. Each event is heard
 * on the node it happened on, so summing over nodes counts each job once.
 */
final class JobMetrics implements JobListener {
    private static final String SUBMITTED = "forkpool.jobs.submitted";
    private static final String FINISHED = "forkpool.jobs.finished";
    private static final String ITEMS = "forkpool.items.processed";
    private static final String FUNCTION_CPU = "forkpool.function.cpu";

    private final MeterRegistry registry;
    private final MetricsProperties props;

    JobMetrics(MeterRegistry registry, MetricsProperties props, Collection<JobFunction> functions) {
        this.registry = registry;
        this.props = props;
        // Counters of the known functions start at 0, so rate() sees the very first job too.
        for (JobFunction f : functions) {
            submitted(f.name());
            for (JobStatus status : JobStatus.values()) {
                if (status.finished()) {
                    finished(f.name(), status);
                }
            }
            items(f.name(), "ok");
            items(f.name(), "failed");
            functionCpu(f.name());
        }
    }

    @Override
    public void jobSubmitted(Job job) {
        submitted(job.function()).increment();
    }

    @Override
    public void jobFinished(Job job) {
        finished(job.function(), job.status()).increment();
        if (job.createdAt() != null && job.finishedAt() != null) {
            // Another node's clock may have stamped createdAt; never record a negative time.
            Duration took = Duration.between(job.createdAt(), job.finishedAt());
            Timer.builder("forkpool.job.duration")
                    .tags("function", job.function(), "status", job.status().name())
                    .description("Time from submit to final status, per job")
                    .publishPercentileHistogram()
                    .maximumExpectedValue(props.jobDurationMax())
                    .register(registry)
                    .record(took.isNegative() ? Duration.ZERO : took);
        }
    }

    @Override
    public void chunkFinished(String function, int items, int failed, long cpuNanos, Duration elapsed) {
        items(function, "ok").increment(Math.max(0, items - failed));
        items(function, "failed").increment(failed);
        functionCpu(function).increment(cpuNanos / 1e9);
        Timer.builder("forkpool.chunk.duration")
                .tag("function", function)
                .description("Time a worker took for one chunk, from hand-over to result")
                .publishPercentileHistogram()
                .maximumExpectedValue(props.chunkDurationMax())
                .register(registry)
                .record(elapsed);
    }

    private Counter submitted(String function) {
        return Counter.builder(SUBMITTED)
                .tag("function", function)
                .description("Jobs submitted to this node")
                .register(registry);
    }

    private Counter finished(String function, JobStatus status) {
        return Counter.builder(FINISHED)
                .tags("function", function, "status", status.name())
                .description("Jobs that reached a final status on this node")
                .register(registry);
    }

    private Counter items(String function, String outcome) {
        return Counter.builder(ITEMS)
                .tags("function", function, "outcome", outcome)
                .description("Items processed by this node's workers; outcome ok or failed")
                .register(registry);
    }

    private Counter functionCpu(String function) {
        return Counter.builder(FUNCTION_CPU)
                .tag("function", function)
                .baseUnit("seconds")
                .description("CPU time this node's workers spent in the function")
                .register(registry);
    }
}
