package dev.forkpool.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** {@code forkpool.cpu.core.utilization{core}}: one gauge per logical CPU of the host. */
final class CpuCoreMetrics implements MeterBinder {
    private final CoreUtilizationSampler sampler;

    CpuCoreMetrics(CoreUtilizationSampler sampler) {
        this.sampler = sampler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int core = 0; core < sampler.cores(); core++) {
            int c = core;
            Gauge.builder("forkpool.cpu.core.utilization", sampler, s -> s.utilization(c))
                    .tag("core", String.valueOf(core))
                    .description("Busy share (0 to 1) of one logical CPU of the host over the last sample interval")
                    .register(registry);
        }
    }
}
