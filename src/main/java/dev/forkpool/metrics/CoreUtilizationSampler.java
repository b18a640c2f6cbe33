package dev.forkpool.metrics;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the per-core tick counters on a fixed schedule and keeps the utilisation of the last
 * interval. Sampling on our own schedule, not per scrape, makes the value independent of how often
 * (and by how many Prometheus servers) the service is scraped.
 */
public final class CoreUtilizationSampler implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CoreUtilizationSampler.class);

    private final Supplier<long[][]> ticks;
    private final Duration interval;
    private final int cores;
    private ScheduledExecutorService scheduler;
    private long[][] previous;
    private volatile double[] latest;

    /** Takes the first reading now; until the first interval ends, values are averages since boot. */
    CoreUtilizationSampler(Supplier<long[][]> ticks, Duration interval) {
        this.ticks = ticks;
        this.interval = interval;
        this.previous = ticks.get();
        this.cores = previous.length;
        this.latest = CoreTicks.utilization(null, previous);
    }

    /** The number of logical CPUs, fixed at start. */
    int cores() {
        return cores;
    }

    /** The busy share of the core over the last interval, 0 to 1. */
    double utilization(int core) {
        double[] values = latest;
        return core < values.length ? values[core] : 0;
    }

    /**
     * The busy share (0 to 1) of every logical CPU over the last interval, indexed by core; the
     * same values as the {@code forkpool.cpu.core.utilization} gauges.
     *
     * @return a copy, so the caller may keep it
     */
    public double[] utilizations() {
        return latest.clone();
    }

    /** Takes one reading and replaces the values; runs on the schedule, and directly in tests. */
    synchronized void sample() {
        try {
            long[][] current = ticks.get();
            latest = CoreTicks.utilization(previous, current);
            previous = current;
        } catch (RuntimeException e) {
            // Keep the schedule alive: a thrown exception would cancel every later run.
            log.warn("could not read the CPU tick counters", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("metrics-cpu-sampler").factory());
        long nanos = interval.toNanos();
        scheduler.scheduleAtFixedRate(this::sample, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
