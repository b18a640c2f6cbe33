package dev.forkpool.pool;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The worker pool, under {@code forkpool.pool}.
 *
 * @param size number of worker processes; 0 means one per available core
 * @param prefetch chunks a worker holds at once: one running, the rest queued in the child so it
 *     starts the next without waiting for the service; 1 means one at a time
 * @param maxPrefetch the most chunks a worker holds while they are cheap: past {@code prefetch}, a
 *     worker takes more only while every chunk it holds has an estimated cost and together they
 *     come to at most {@code prefetchWork}. Small jobs then travel in larger claims and find room
 *     on the fast path (each claim and each insert is a transaction, which costs more than the
 *     work); a chunk that is not cheap still takes only one of the first {@code prefetch} places.
 *     No more than {@code prefetch} when set lower
 * @param prefetchWork the most estimated work a worker holds and still takes chunks past {@code prefetch}
 * @param maxTasksPerWorker chunks a worker runs before it is replaced, as Python's
 *     {@code maxtasksperchild}; 0 means never; a little jitter keeps workers from all restarting at once.
 *     The default bounds what a leaking function can hold without replacing busy workers every few
 *     seconds: at 1000, small jobs (one chunk each) restarted each worker every 2 to 4 s under
 *     load, and every restart cost a worker's start plus a cold JIT
 * @param handshakeTimeout how long a new worker has to say HELLO before it counts as a failed start
 * @param killGrace how long a worker killed for its deadline gets between SIGTERM and SIGKILL
 * @param maxFrame cap on one frame between the service and a worker
 * @param jvmOptions JVM flags for the worker processes; the defaults keep a worker small and quick to
 *     start (one thread computes, so a serial GC, a small first heap, two JIT threads and a small code
 *     cache do) and send every JVM message to stderr, because a worker's stdout carries frames and
 *     nothing else
 * @param classPath which of the service's class path a worker gets: FUNCTIONS (class directories and
 *     jars that declare a JobFunction; fastest start) or FULL (for function jars that need other libraries)
 * @param aotCache whether the pool builds a JDK AOT cache for the worker JVM under
 *     {@code <data-dir>/worker-cache} (in the background, at first start) and starts workers with it;
 *     needs JDK 25, and steps aside when {@code jvm-options} name a cache or archive of their own
 * @param aotTrainingTimeout how long building that cache may take before it is given up
 * @param bootBackoff first delay after a worker fails to start; it doubles with each failure in a row
 * @param maxBootBackoff longest delay between attempts to start a worker
 * @param bootFailuresUntilDown failed starts in a row after which the pool reports DOWN
 */
@Validated
@ConfigurationProperties("forkpool.pool")
public record PoolProperties(
        @DefaultValue("0") @Min(0) @Max(1024) int size,
        @DefaultValue("2") @Min(1) @Max(64) int prefetch,
        @DefaultValue("8") @Min(1) @Max(64) int maxPrefetch,
        @DefaultValue("5ms") @NotNull Duration prefetchWork,
        @DefaultValue("100000") @Min(0) int maxTasksPerWorker,
        @DefaultValue("30s") @NotNull Duration handshakeTimeout,
        @DefaultValue("2s") @NotNull Duration killGrace,
        @DefaultValue("64MB") @NotNull DataSize maxFrame,

        @DefaultValue({
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-Xmx512m",
            "-Xss512k",
            "-XX:CICompilerCount=2",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-XX:+DisplayVMOutputToStderr"
        })
        List<String> jvmOptions,

        @DefaultValue("FUNCTIONS") @NotNull ClassPathMode classPath,
        @DefaultValue("true") boolean aotCache,
        @DefaultValue("2m") @NotNull Duration aotTrainingTimeout,
        @DefaultValue("200ms") @NotNull Duration bootBackoff,
        @DefaultValue("30s") @NotNull Duration maxBootBackoff,
        @DefaultValue("5") @Min(1) int bootFailuresUntilDown) {

    /** The number of workers, with 0 resolved to the core count. */
    public int resolvedSize() {
        return size > 0 ? size : Runtime.getRuntime().availableProcessors();
    }
}
