package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker AOT cache with real JVMs: built in the background from nothing while workers run
 * without it, used by the next worker started, and thrown away and rebuilt when the file is
 * corrupt. On a JDK before 25 the pool runs without one.
 */
class AotCacheIsolationTest {
    private static final Duration BUILD = Duration.ofMinutes(4);
    private static final Map<String, String> ONE_WORKER =
            Map.of("forkpool.pool.size", "1", "forkpool.pool.aot-cache", "true");

    @TempDir
    Path root;

    @Test
    void aMissingCacheIsBuiltInTheBackgroundAndTheNextWorkerStartsWithItACorruptOneIsRebuilt() throws IOException {
        if (Runtime.version().feature() < WorkerJvmCache.FIRST_JDK) {
            try (PoolFixture f = new PoolFixture(ONE_WORKER, root)) {
                assertThat(f.pool.workerCache()).isEqualTo("off: unsupported");
                f.run("chunk", "square", 3L);
                assertThat(f.await("chunk")).isInstanceOf(TaskOutcome.Done.class);
            }
            return;
        }
        Path file;
        try (PoolFixture f = new PoolFixture(ONE_WORKER, root)) {
            // The first worker did not wait for the cache.
            long first = f.probe.slot(0).pid();
            assertThat(arguments(first)).noneMatch(a -> a.startsWith("-XX:AOTCache"));

            await().atMost(BUILD).until(() -> f.pool.workerCache().startsWith("ready"));
            file = Path.of(f.pool.workerCache().substring("ready: ".length()));
            assertThat(file).isRegularFile().startsWith(root);

            PoolProbe.process(first).orElseThrow().destroyForcibly();
            await().atMost(PoolFixture.LONG).until(() -> {
                WorkerSnapshot s = f.probe.slot(0);
                return s.alive() && s.pid() != first && s.state().equals("IDLE");
            });
            assertThat(arguments(f.probe.slot(0).pid())).contains("-XX:AOTCache=" + file);
            f.run("with cache", "square", 12L);
            assertThat(f.await("with cache")).isInstanceOf(TaskOutcome.Done.class);
        }
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("training-"));
        }

        // Half a cache, as a crash while copying it might leave.
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));
        try (PoolFixture f = new PoolFixture(ONE_WORKER, root)) {
            await().atMost(BUILD).until(() -> f.pool.workerCache().startsWith("ready"));
            // Rebuilt whole (not byte for byte the same: the JVM does not write caches reproducibly).
            assertThat(Files.size(file)).isGreaterThan(bytes.length / 2);
            f.run("after rebuild", "square", 12L);
            assertThat(f.await("after rebuild")).isInstanceOf(TaskOutcome.Done.class);
        }
    }

    @Test
    void jvmOptionsThatNameTheirOwnCacheAreLeftAlone() {
        try (PoolFixture f = new PoolFixture(
                Map.of(
                        "forkpool.pool.size", "1",
                        "forkpool.pool.aot-cache", "true",
                        "forkpool.pool.jvm-options",
                                "-XX:+UseSerialGC,-XX:AOTCache=" + root.resolve("mine.aot")
                                        + ",-Xlog:disable,-Xlog:all=warning:stderr,-XX:+DisplayVMOutputToStderr"),
                root)) {
            assertThat(f.pool.workerCache()).isEqualTo("off: configured");
            assertThat(arguments(f.probe.slot(0).pid())).contains("-XX:AOTCache=" + root.resolve("mine.aot"));
            f.run("chunk", "square", 3L);
            assertThat(f.await("chunk")).isInstanceOf(TaskOutcome.Done.class);
        }
        assertThat(root.resolve("mine.aot")).doesNotExist();
    }

    private static List<String> arguments(long pid) {
        return PoolProbe.process(pid)
                .flatMap(p -> p.info().arguments())
                .map(List::of)
                .orElseThrow();
    }
}
