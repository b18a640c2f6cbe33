package dev.forkpool.metrics;

import dev.forkpool.function.FunctionCatalog;
import dev.forkpool.job.JobService;
import dev.forkpool.pool.WorkerPool;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import oshi.SystemInfo;

/** The forkpool meters. Spring Boot binds every {@code MeterBinder} bean to the registry. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
class MetricsConfiguration {

    @Bean
    PromLintFilter promLintFilter() {
        return new PromLintFilter();
    }

    @Bean
    CoreUtilizationSampler coreUtilizationSampler(MetricsProperties props) {
        var processor = new SystemInfo().getHardware().getProcessor();
        return new CoreUtilizationSampler(processor::getProcessorCpuLoadTicks, props.cpuSampleInterval());
    }

    @Bean
    CpuCoreMetrics cpuCoreMetrics(CoreUtilizationSampler sampler) {
        return new CpuCoreMetrics(sampler);
    }

    @Bean
    WorkerMetrics workerMetrics(WorkerPool pool, MetricsProperties props) {
        return new WorkerMetrics(new Cached<>(pool::snapshot, props.poolSnapshotTtl(), System::nanoTime), pool.size());
    }

    @Bean
    QueueMetrics queueMetrics(JobService jobs, MetricsProperties props) {
        return new QueueMetrics(new Cached<>(jobs::queueDepth, props.queueDepthTtl(), System::nanoTime));
    }

    @Bean
    JobMetrics jobMetrics(MeterRegistry registry, MetricsProperties props, FunctionCatalog functions) {
        return new JobMetrics(registry, props, functions.all());
    }
}
