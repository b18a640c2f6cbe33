package dev.forkpool.pool;

import dev.forkpool.worker.WorkerMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The command line that starts a worker with the service's own {@code java} and classes, however
 * the service itself was started.
 */
final class WorkerCommand {
    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private WorkerCommand() {}

    static List<String> build(List<String> jvmOptions, int maxFrameBytes) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (isBootFatJar(classPath)) {
            // java -jar app.jar: the classes sit in nested jars that only Spring Boot's launcher
            // can read, so start the worker's main through it.
            command.add("-Dloader.main=" + WorkerMain.class.getName());
            command.add(PROPERTIES_LAUNCHER);
        } else {
            // spring-boot:run, tests, or an extracted jar: a plain class path.
            command.add(WorkerMain.class.getName());
        }
        command.add(Integer.toString(maxFrameBytes));
        return command;
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java)
                ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }

    static boolean isBootFatJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/classes/") != null || jar.getEntry("BOOT-INF/lib/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
