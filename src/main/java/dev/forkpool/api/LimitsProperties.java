package dev.forkpool.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one request may ask of the service, under {@code forkpool.limits}.
 *
 * @param maxBody the largest request body; past it the answer is 413
 * @param maxItems the most items in one job; past it the answer is 413
 * @param maxDigits the most digits one number may have written out, before and after the point each
 * @param maxWait the longest {@code Prefer: wait} honoured; longer asks are cut to it
 * @param maxPageSize the most jobs on one page of {@code GET /jobs}
 * @param maxResultStreams results documents written at once; each holds a database connection
 *     for its whole transfer, so keep it well under {@code spring.datasource.hikari.maximum-pool-size};
 *     past it the answer is 503 with Retry-After
 */
@Validated
@ConfigurationProperties("forkpool.limits")
public record LimitsProperties(
        @DefaultValue("64MB") @NotNull DataSize maxBody,
        @DefaultValue("1000000") @Min(1) @Max(100_000_000) int maxItems,
        @DefaultValue("1000") @Min(20) @Max(1_000_000) int maxDigits,
        @DefaultValue("60s") @NotNull Duration maxWait,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxPageSize,
        @DefaultValue("3") @Min(1) @Max(1_000) int maxResultStreams) {}
