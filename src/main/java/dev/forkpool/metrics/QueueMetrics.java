package dev.forkpool.metrics;

import dev.forkpool.job.JobService.QueueDepth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Supplier;

/** Chunks waiting for a worker and chunks in flight, over the whole store (every node). */
final class QueueMetrics implements MeterBinder {
    private final Supplier<QueueDepth> depth;

    /** @param depth a cached reading, so each scrape does not query the database twice */
    QueueMetrics(Supplier<QueueDepth> depth) {
        this.depth = depth;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("forkpool.queue.chunks.ready", this, m -> m.depth.get().readyChunks())
                .description("Chunks waiting for a worker, on all nodes")
                .register(registry);
        Gauge.builder("forkpool.queue.chunks.running", this, m -> m.depth.get().runningChunks())
                .description("Chunks running on a worker, on all nodes")
                .register(registry);
    }
}
