package dev.forkpool.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Jobs and their chunks, under {@code forkpool.jobs}.
 *
 * @param defaultTimeout deadline of one chunk when the caller sets none
 * @param maxTimeout the longest deadline a caller may set
 * @param maxChunkSize the most items in one chunk, whether chosen by the caller or by default
 * @param maxChunksPerJob the most chunks one job may be cut into; bounds the rows a small chunkSize creates
 * @param chunksPerWorker default chunking aims at this many chunks per worker, as Python's Pool.map aims at 4
 * @param targetChunkWork default chunking puts at least this much estimated work into one chunk, so
 *     a chunk's fixed cost stays small beside its work; 0 turns the rule off
 * @param maxChunkWork default chunking puts at most this much estimated work into one chunk, so a
 *     chunk's timeout, a cancel and a job's progress stay in step with its items; 0 turns the cap off
 * @param maxAttempts how often one item may kill its worker before it fails with the exit reason
 * @param maxActiveJobs unfinished jobs allowed at once; past it a submit gets 429
 * @param maxPendingItems unfinished items allowed at once over all jobs; past it a submit gets 429
 * @param maxJobCpu worker CPU one job may use in all; past it the job ends FAILED and its chunks
 *     stop (0 = no cap)
 */
@Validated
@ConfigurationProperties("forkpool.jobs")
public record JobProperties(
        @DefaultValue("10m") @NotNull Duration defaultTimeout,
        @DefaultValue("15m") @NotNull Duration maxTimeout,
        @DefaultValue("125000") @Min(1) @Max(1_000_000) int maxChunkSize,
        @DefaultValue("100000") @Min(1) int maxChunksPerJob,
        @DefaultValue("4") @Min(1) int chunksPerWorker,
        @DefaultValue("5ms") @NotNull Duration targetChunkWork,
        @DefaultValue("1s") @NotNull Duration maxChunkWork,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("10000") @Min(1) int maxActiveJobs,
        @DefaultValue("20000000") @Min(1) long maxPendingItems,
        @DefaultValue("1h") @NotNull Duration maxJobCpu) {}
