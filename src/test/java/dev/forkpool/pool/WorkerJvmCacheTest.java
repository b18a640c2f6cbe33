package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerJvmCacheTest {
    private static final List<String> DEFAULTS = List.of(
            "-XX:+UseSerialGC", "-Xmx512m", "-Xshare:auto", "-Xlog:all=warning:stderr", "-XX:+DisplayVMOutputToStderr");

    @TempDir
    Path dir;

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of(true, 25, DEFAULTS, WorkerJvmCache.Use.AOT),
                Arguments.of(true, 26, DEFAULTS, WorkerJvmCache.Use.AOT),
                // JDK 21: no one-step AOT cache; its default CDS archive (-Xshare:auto) still applies.
                Arguments.of(true, 21, DEFAULTS, WorkerJvmCache.Use.UNSUPPORTED),
                Arguments.of(true, 24, DEFAULTS, WorkerJvmCache.Use.UNSUPPORTED),
                Arguments.of(false, 25, DEFAULTS, WorkerJvmCache.Use.OFF),
                // A Dockerfile's own cache wins.
                Arguments.of(
                        true,
                        25,
                        List.of("-XX:+UseSerialGC", "-XX:AOTCache=/app/worker.aot"),
                        WorkerJvmCache.Use.CONFIGURED),
                Arguments.of(true, 21, List.of("-XX:SharedArchiveFile=/app/w.jsa"), WorkerJvmCache.Use.CONFIGURED),
                Arguments.of(true, 25, List.of("-Xshare:off"), WorkerJvmCache.Use.CONFIGURED),
                Arguments.of(true, 25, List.of("-XX:AOTMode=off"), WorkerJvmCache.Use.CONFIGURED));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void decidesWhetherToBuildACache(boolean enabled, int jdk, List<String> options, WorkerJvmCache.Use expected) {
        assertThat(WorkerJvmCache.decide(enabled, jdk, options)).isEqualTo(expected);
    }

    @Test
    void theCommandWithTheCacheDropsXshareAndRunsOnJarsTheCommandWithoutIsUnchanged() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/dev/x"));
        Files.writeString(classes.resolve("A.class"), "not really a class");
        Path lib = Files.writeString(dir.resolve("lib.jar"), "a jar");
        List<String> classPath = List.of(dir.resolve("classes").toString(), lib.toString());
        WorkerJvmCache cache = WorkerJvmCache.under(dir.resolve("cache"), "jdk-25", DEFAULTS, classPath);

        List<String> with =
                WorkerCommand.build(cache.optionsWith("-XX:AOTCache=" + cache.cacheFile), cache.jarClassPath(), 4096);
        List<String> without = WorkerCommand.build(DEFAULTS, classPath, 4096);

        assertThat(with).contains("-XX:AOTCache=" + cache.cacheFile).noneMatch(o -> o.startsWith("-Xshare"));
        assertThat(with).containsSubsequence("-XX:+UseSerialGC", "-Xmx512m", "-XX:+DisplayVMOutputToStderr");
        assertThat(cache.jarClassPath()).allMatch(p -> p.endsWith(".jar") && p.startsWith(cache.dir.toString()));
        assertThat(without).containsSubsequence(DEFAULTS).noneMatch(o -> o.startsWith("-XX:AOT"));
        assertThat(without.get(without.indexOf("-cp") + 1))
                .contains(dir.resolve("classes").toString());

        cache.packClasses();
        try (JarFile jar = new JarFile(cache.jarClassPath().getFirst())) {
            assertThat(jar.getEntry("dev/x/A.class")).isNotNull();
        }
        assertThat(Files.readString(Path.of(cache.jarClassPath().get(1)))).isEqualTo("a jar");
        assertThat(cache.ready()).isFalse();
    }

    @Test
    void theCacheIsKeyedByJdkOptionsAndClassPathContents() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "one");
        List<String> cp = List.of(classes.toString());
        Path root = dir.resolve("cache");

        Path a = WorkerJvmCache.under(root, "jdk-25", DEFAULTS, cp).dir;
        assertThat(WorkerJvmCache.under(root, "jdk-25", DEFAULTS, cp).dir).isEqualTo(a);
        assertThat(WorkerJvmCache.under(root, "jdk-26", DEFAULTS, cp).dir).isNotEqualTo(a);
        assertThat(WorkerJvmCache.under(root, "jdk-25", List.of("-Xmx64m"), cp).dir)
                .isNotEqualTo(a);
        // The same contents extracted again (new file dates) find the same cache; new contents do not.
        Files.setLastModifiedTime(classes.resolve("A.class"), java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(WorkerJvmCache.under(root, "jdk-25", DEFAULTS, cp).dir).isEqualTo(a);
        Files.writeString(classes.resolve("A.class"), "two");
        assertThat(WorkerJvmCache.under(root, "jdk-25", DEFAULTS, cp).dir).isNotEqualTo(a);
    }
}
