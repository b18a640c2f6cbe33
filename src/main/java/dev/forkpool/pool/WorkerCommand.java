package dev.forkpool.pool;

import dev.forkpool.worker.WorkerMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts a worker with the service's own {@code java} and classes, however
 * the service itself was started: {@code spring-boot:run}, {@code java -jar}, an extracted jar, or
 * tests.
 */
final class WorkerCommand {
    private WorkerCommand() {}

    static List<String> build(List<String> jvmOptions, int maxFrameBytes, ClassPathMode mode) {
        return build(jvmOptions, WorkerClassPath.resolve(System.getProperty("java.class.path"), mode), maxFrameBytes);
    }

    static List<String> build(List<String> jvmOptions, List<String> classPath, int maxFrameBytes) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(WorkerMain.class.getName());
        command.add(Integer.toString(maxFrameBytes));
        return command;
    }

    /** The command for a log line, without its class path, which can run to kilobytes. */
    static String describe(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        int cp = shown.indexOf("-cp");
        if (cp >= 0 && cp + 1 < shown.size()) {
            shown.set(cp + 1, "<" + shown.get(cp + 1).split(File.pathSeparator).length + " class path entries>");
        }
        return String.join(" ", shown);
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java)
                ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }
}
