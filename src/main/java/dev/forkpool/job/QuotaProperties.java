package dev.forkpool.job;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one owner (the owner of an API key) may hold at once, under {@code forkpool.quotas}. Past a
 * limit, that owner's submits get 429 with Retry-After; other owners are not affected. With no
 * keys configured everyone is the one owner "anonymous", so these are then global limits too.
 *
 * @param maxActiveJobsPerOwner unfinished jobs of one owner
 * @param maxPendingItemsPerOwner unfinished items of one owner, over all its jobs
 * @param maxStoredBytesPerOwner stored input bytes of one owner's unfinished and retained jobs
 * @param maxStoredBytes stored input bytes of all jobs; past it retention deletes finished jobs early,
 *     oldest first, and if that is not enough submits get 429
 */
@Validated
@ConfigurationProperties("forkpool.quotas")
public record QuotaProperties(
        @DefaultValue("1000") @Min(1) int maxActiveJobsPerOwner,
        @DefaultValue("5000000") @Min(1) long maxPendingItemsPerOwner,
        @DefaultValue("1GB") @NotNull DataSize maxStoredBytesPerOwner,
        @DefaultValue("8GB") @NotNull DataSize maxStoredBytes) {}
