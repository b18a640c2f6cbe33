package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {
    @TempDir
    Path dir;

    private Path jar(String name, String... entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            for (String e : entries) {
                j.putNextEntry(new JarEntry(e));
                j.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aSpringBootFatJarIsRecognised() throws IOException {
        assertThat(WorkerCommand.isBootFatJar(
                        jar("app.jar", "BOOT-INF/", "BOOT-INF/classes/").toString()))
                .isTrue();
        assertThat(WorkerCommand.isBootFatJar(
                        jar("libs.jar", "BOOT-INF/", "BOOT-INF/lib/").toString()))
                .isTrue();
    }

    @Test
    void plainClassPathsAreNotFatJars() throws IOException {
        Path plain = jar("plain.jar", "dev/", "dev/forkpool/");

        assertThat(WorkerCommand.isBootFatJar(plain.toString())).isFalse();
        assertThat(WorkerCommand.isBootFatJar(dir.toString())).isFalse();
        assertThat(WorkerCommand.isBootFatJar(dir.resolve("missing.jar").toString()))
                .isFalse();
        Path fat = jar("fat.jar", "BOOT-INF/classes/");
        assertThat(WorkerCommand.isBootFatJar(fat + File.pathSeparator + plain)).isFalse();
    }

    @Test
    void theCommandRunsTheWorkerMainOnThisClassPathWithTheOptionsAndFrameCap() {
        List<String> command = WorkerCommand.build(List.of("-Xmx64m", "-XX:+UseSerialGC"), 4096);

        assertThat(Path.of(command.getFirst()).getFileName().toString()).startsWith("java");
        assertThat(command).containsSubsequence("-Xmx64m", "-XX:+UseSerialGC", "-cp");
        assertThat(command.get(command.indexOf("-cp") + 1)).isEqualTo(System.getProperty("java.class.path"));
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly(WorkerMain.class.getName(), "4096");
    }
}
