package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        assertThat(WorkerClassPath.isBootFatJar(
                        jar("app.jar", "BOOT-INF/", "BOOT-INF/classes/").toString()))
                .isTrue();
        assertThat(WorkerClassPath.isBootFatJar(
                        jar("libs.jar", "BOOT-INF/", "BOOT-INF/lib/").toString()))
                .isTrue();
    }

    @Test
    void plainClassPathsAreNotFatJars() throws IOException {
        Path plain = jar("plain.jar", "dev/", "dev/forkpool/");

        assertThat(WorkerClassPath.isBootFatJar(plain.toString())).isFalse();
        assertThat(WorkerClassPath.isBootFatJar(dir.toString())).isFalse();
        assertThat(WorkerClassPath.isBootFatJar(dir.resolve("missing.jar").toString()))
                .isFalse();
        Path fat = jar("fat.jar", "BOOT-INF/classes/");
        assertThat(WorkerClassPath.isBootFatJar(fat + File.pathSeparator + plain))
                .isFalse();
    }

    @Test
    void theCommandRunsTheWorkerMainOnThisClassPathWithTheOptionsAndFrameCap() {
        List<String> command = WorkerCommand.build(List.of("-Xmx64m", "-XX:+UseSerialGC"), 4096, ClassPathMode.FULL);

        assertThat(Path.of(command.getFirst()).getFileName().toString()).startsWith("java");
        assertThat(command).containsSubsequence("-Xmx64m", "-XX:+UseSerialGC", "-cp");
        assertThat(command.get(command.indexOf("-cp") + 1).split(File.pathSeparator))
                .containsExactly(
                        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                                .filter(e -> !e.isBlank())
                                .toArray(String[]::new));
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly(WorkerMain.class.getName(), "4096");
    }

    @Test
    void byDefaultAWorkerGetsOnlyClassDirectoriesAndFunctionJars() {
        List<String> command = WorkerCommand.build(List.of(), 4096, ClassPathMode.FUNCTIONS);
        List<String> entries = List.of(command.get(command.indexOf("-cp") + 1).split(File.pathSeparator));

        assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(Path.of(e)).isDirectory());
        assertThat(entries)
                .anySatisfy(e -> assertThat(Path.of(e, "dev/forkpool/worker/WorkerMain.class"))
                        .exists());
        assertThat(String.join(":", entries)).doesNotContain("spring-");
    }

    @Test
    void aFatJarIsExtractedWithItsClassesAndOnlyTheLibrariesThatDeclareFunctions() throws IOException {
        Path functionJar = jar("fn.jar", WorkerClassPath.SERVICE_FILE);
        Path otherJar = jar("other.jar", "org/other/Thing.class");
        Path fat = dir.resolve("fat.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(fat))) {
            j.putNextEntry(new JarEntry("BOOT-INF/classes/dev/forkpool/A.class"));
            j.write(new byte[] {1, 2, 3});
            j.closeEntry();
            for (Path lib : List.of(functionJar, otherJar)) {
                j.putNextEntry(new JarEntry("BOOT-INF/lib/" + lib.getFileName()));
                j.write(Files.readAllBytes(lib));
                j.closeEntry();
            }
        }

        List<String> lean = WorkerClassPath.resolve(fat.toString(), ClassPathMode.FUNCTIONS);
        List<String> full = WorkerClassPath.resolve(fat.toString(), ClassPathMode.FULL);

        assertThat(Path.of(lean.getFirst(), "dev/forkpool/A.class")).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(lean.subList(1, lean.size()))
                .map(e -> Path.of(e).getFileName().toString())
                .containsExactly("fn.jar");
        assertThat(full.subList(1, full.size()))
                .map(e -> Path.of(e).getFileName().toString())
                .containsExactly("fn.jar", "other.jar");
    }
}
