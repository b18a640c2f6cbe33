package dev.forkpool.metrics;

import dev.forkpool.pool.ExitReason;
import dev.forkpool.pool.WorkerSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Per-worker-slot meters (tag {@code worker} is the slot number, stable across restarts, never a
 * pid, so a respawn does not start a new series) and the pool's alive and desired counts.
 */
final class WorkerMetrics implements MeterBinder {
    private final Supplier<List<WorkerSnapshot>> snapshot;
    private final int desired;

    /**
     * @param snapshot the pool's slots, in slot order
     * @param desired the number of workers the pool keeps
     */
    WorkerMetrics(Supplier<List<WorkerSnapshot>> snapshot, int desired) {
        this.snapshot = snapshot;
        this.desired = desired;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("forkpool.pool.workers.desired", () -> desired)
                .description("Worker processes the pool is configured to keep")
                .register(registry);
        Gauge.builder(
                        "forkpool.pool.workers.alive",
                        this,
                        m -> m.snapshot.get().stream()
                                .filter(WorkerSnapshot::alive)
                                .count())
                .description("Worker processes that are running now")
                .register(registry);
        for (int slot = 0; slot < desired; slot++) {
            String worker = String.valueOf(slot);
            Gauge.builder("forkpool.worker.busy", this, slotValue(slot, w -> w.busy() ? 1 : 0))
                    .tag("worker", worker)
                    .description("1 while the worker runs a chunk, 0 otherwise")
                    .register(registry);
            Gauge.builder(
                            "forkpool.worker.chunks.inflight",
                            this,
                            slotValue(slot, w -> w.inFlight().size()))
                    .tag("worker", worker)
                    .description("Chunks handed to the worker: the one it runs and those queued behind it")
                    .register(registry);
            FunctionCounter.builder("forkpool.worker.cpu", this, slotValue(slot, w -> w.cpuNanos() / 1e9))
                    .tag("worker", worker)
                    .baseUnit("seconds")
                    .description("CPU time the worker's processes spent on chunks")
                    .register(registry);
            FunctionCounter.builder("forkpool.worker.tasks", this, slotValue(slot, WorkerSnapshot::tasksDone))
                    .tag("worker", worker)
                    .description("Chunks the worker has completed")
                    .register(registry);
            // Every reason from the start, so each series exists at 0 before the first restart.
            for (ExitReason reason : ExitReason.values()) {
                FunctionCounter.builder(
                                "forkpool.worker.restarts",
                                this,
                                slotValue(slot, w -> w.restarts().getOrDefault(reason, 0L)))
                        .tags("worker", worker, "reason", reason.tag())
                        .description("Worker processes replaced in this slot, by reason")
                        .register(registry);
            }
        }
    }

    private static ToDoubleFunction<WorkerMetrics> slotValue(int slot, ToDoubleFunction<WorkerSnapshot> value) {
        return m -> {
            for (WorkerSnapshot w : m.snapshot.get()) {
                if (w.slot() == slot) {
                    return value.applyAsDouble(w);
                }
            }
            return Double.NaN;
        };
    }
}
