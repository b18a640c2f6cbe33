package dev.forkpool.metrics;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Metrics, under {@code forkpool.metrics}.
 *
 * @param cpuSampleInterval how often the per-core CPU tick counters are read; each per-core gauge
 *     shows the utilisation over the last such interval
 * @param queueDepthTtl how long one count of ready and running chunks is reused, so scrapes cost at
 *     most one database query per interval
 * @param poolSnapshotTtl how long one snapshot of the worker slots is reused by the per-worker
 *     meters, so one scrape takes the pool's lock once, not once per meter
 * @param jobDurationMax the largest job duration the job latency histogram has buckets for
 * @param chunkDurationMax the largest chunk duration the chunk latency histogram has buckets for
 */
@Validated
@ConfigurationProperties("forkpool.metrics")
record MetricsProperties(
        @DefaultValue("1s") @NotNull @DurationMin(millis = 100)
        Duration cpuSampleInterval,

        @DefaultValue("1s") @NotNull Duration queueDepthTtl,
        @DefaultValue("100ms") @NotNull Duration poolSnapshotTtl,

        @DefaultValue("1h") @NotNull @DurationMin(millis = 1)
        Duration jobDurationMax,

        @DefaultValue("10m") @NotNull @DurationMin(millis = 1)
        Duration chunkDurationMax) {}
