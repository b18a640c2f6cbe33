package dev.forkpool.pool;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * The class path a worker starts with. A worker needs only the classes of the functions, not
 * Spring and the hundred jars around it, and every jar on its class path costs start-up time
 * when the service loader scans them. So by default ({@link ClassPathMode#FUNCTIONS}) it gets the class
 * directories and the jars that declare a {@code JobFunction}; {@link ClassPathMode#FULL} gives it
 * everything, for a function jar that needs other libraries.
 *
 * <p>From a Spring Boot fat jar the classes sit in nested jars that a plain JVM cannot read, so
 * they are extracted once into a cache directory keyed by the jar's size and date.
 */
final class WorkerClassPath {
    static final String SERVICE_FILE = "META-INF/services/dev.forkpool.function.JobFunction";

    private WorkerClassPath() {}

    static List<String> resolve(String classPath, ClassPathMode mode) {
        if (isBootFatJar(classPath)) {
            return extract(Path.of(classPath), mode);
        }
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()
                    && (mode == ClassPathMode.FULL || Files.isDirectory(Path.of(entry)) || declaresFunctions(entry))) {
                entries.add(entry);
            }
        }
        return entries;
    }

    static boolean isBootFatJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            // Real fat jars list their directories, but nothing requires it: look at the names.
            return jar.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean declaresFunctions(String jarPath) {
        if (!jarPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(jarPath)) {
            return jar.getEntry(SERVICE_FILE) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> extract(Path fatJar, ClassPathMode mode) {
        try {
            long identity = fatJar.toAbsolutePath().toString().hashCode() * 31L
                    + Files.size(fatJar) * 17L
                    + Files.getLastModifiedTime(fatJar).toMillis();
            String key = HexFormat.of().toHexDigits(identity);
            Path dir = Path.of(
                    System.getProperty("java.io.tmpdir"),
                    "forkpool-worker-" + key + "-" + mode.name().toLowerCase());
            Path done = dir.resolve(".complete");
            if (!Files.exists(done)) {
                Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
                unpack(fatJar, tmp, mode);
                Files.writeString(tmp.resolve(".complete"), fatJar.toString());
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // Another service extracted the same jar first; use its copy.
                    deleteTree(tmp);
                }
            }
            List<String> entries = new ArrayList<>();
            entries.add(dir.resolve("classes").toString());
            try (var libs = Files.list(dir.resolve("lib"))) {
                libs.sorted().forEach(p -> entries.add(p.toString()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract worker classes from " + fatJar, e);
        }
    }

    private static void unpack(Path fatJar, Path into, ClassPathMode mode) throws IOException {
        Files.createDirectories(into.resolve("classes"));
        Files.createDirectories(into.resolve("lib"));
        try (JarFile jar = new JarFile(fatJar.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (name.startsWith("BOOT-INF/classes/")) {
                    Path target = safe(into.resolve("classes"), name.substring("BOOT-INF/classes/".length()));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    if (mode == ClassPathMode.FULL || nestedDeclaresFunctions(jar, e)) {
                        Path target = safe(into.resolve("lib"), name.substring("BOOT-INF/lib/".length()));
                        try (InputStream in = jar.getInputStream(e)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
        }
    }

    private static boolean nestedDeclaresFunctions(JarFile outer, JarEntry nested) throws IOException {
        try (JarInputStream in = new JarInputStream(outer.getInputStream(nested))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().equals(SERVICE_FILE)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Refuses entry names that would escape the directory ("zip slip"). */
    private static Path safe(Path dir, String name) throws IOException {
        Path target = dir.resolve(name).normalize();
        if (!target.startsWith(dir)) {
            throw new IOException("jar entry escapes its directory: " + name);
        }
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
