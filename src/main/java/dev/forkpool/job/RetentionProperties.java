package dev.forkpool.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long finished jobs are kept, under {@code forkpool.retention}.
 *
 * @param finished how long a SUCCEEDED, FAILED or CANCELLED job and its results stay readable
 *     after it finished; nodes silent this long are also forgotten
 * @param batchSize the most jobs deleted in one transaction, so a purge never holds locks for long
 * @param purgeEvery how often each node looks for jobs past retention
 */
@Validated
@ConfigurationProperties("forkpool.retention")
public record RetentionProperties(
        @DefaultValue("24h") @NotNull Duration finished,
        @DefaultValue("500") @Min(1) @Max(100_000) int batchSize,
        @DefaultValue("1m") @NotNull Duration purgeEvery) {}
