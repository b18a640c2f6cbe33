package dev.forkpool.pool;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Where the worker JVM's AOT cache lives, and the command that uses it. JDK 25's {@code
 * -XX:AOTCache} maps the classes a worker loads, already parsed and linked, and the profiles of its
 * hot methods, so a respawn starts sooner and with a smaller footprint. A cache is valid only for
 * one JDK, one set of JVM options and one class path of jars whose sizes and dates do not change (a
 * directory on the class path is refused). So it is keyed by the JDK, the options and the class
 * path's contents (not file dates: a class path extracted afresh into a new container's temp dir
 * still finds its cache), and the class path is copied beside it, directories packed into jars.
 *
 * <p>It steps aside when it cannot help or should not interfere: on a JDK before 25 (whose
 * default CDS archive, {@code -Xshare:auto}, still applies), and when the JVM options already name
 * a cache or archive of their own, such as a Dockerfile's {@code -XX:AOTCache=/app/worker.aot}.
 */
final class WorkerJvmCache {
    /** The first JDK with one-step AOT cache creation ({@code -XX:AOTCacheOutput}, JEP 514). */
    static final int FIRST_JDK = 25;

    private static final List<String> OWN_CACHE_FLAGS = List.of(
            "-XX:AOTCache",
            "-XX:AOTCacheOutput",
            "-XX:AOTConfiguration",
            "-XX:AOTMode",
            "-XX:SharedArchiveFile",
            "-XX:+AutoCreateSharedArchive",
            "-XX:ArchiveClassesAtExit",
            "-Xshare:off",
            "-Xshare:dump");

    /** Whether the pool builds and uses a cache, and if not, why. */
    enum Use {
        /** Build one in the background and use it once it is there. */
        AOT,
        /** The JVM options already name a cache or archive; leave them alone. */
        CONFIGURED,
        /** The JDK is older than {@link #FIRST_JDK}. */
        UNSUPPORTED,
        /** Turned off with {@code forkpool.pool.aot-cache=false}. */
        OFF
    }

    final Path dir;
    final Path cacheFile;
    private final List<String> jvmOptions;
    private final List<String> classPath;
    private final List<String> jars;

    private WorkerJvmCache(Path dir, List<String> jvmOptions, List<String> classPath) {
        this.dir = dir;
        this.cacheFile = dir.resolve("worker.aot");
        this.jvmOptions = jvmOptions;
        this.classPath = classPath;
        List<String> j = new ArrayList<>();
        for (int i = 0; i < classPath.size(); i++) {
            String kind = Files.isDirectory(Path.of(classPath.get(i))) ? "classes-" : "lib-";
            j.add(dir.resolve(kind + i + ".jar").toString());
        }
        this.jars = List.copyOf(j);
    }

    static Use decide(boolean enabled, int jdkFeature, List<String> jvmOptions) {
        if (!enabled) {
            return Use.OFF;
        }
        if (jvmOptions.stream().anyMatch(o -> OWN_CACHE_FLAGS.stream().anyMatch(o::startsWith))) {
            return Use.CONFIGURED;
        }
        return jdkFeature >= FIRST_JDK ? Use.AOT : Use.UNSUPPORTED;
    }

    /**
     * The cache for this JDK, these options and this class path, under {@code root}, in a
     * directory named by a digest of all three and of the class path's contents.
     */
    static WorkerJvmCache under(Path root, String jdk, List<String> jvmOptions, List<String> classPath) {
        return new WorkerJvmCache(root.resolve(key(jdk, jvmOptions, classPath)), jvmOptions, classPath);
    }

    /** The options without {@code -Xshare}, which the JVM refuses next to an AOT cache. */
    List<String> optionsWith(String... extra) {
        List<String> options = new ArrayList<>();
        for (String o : jvmOptions) {
            if (!o.startsWith("-Xshare:")) {
                options.add(o);
            }
        }
        options.addAll(List.of(extra));
        return options;
    }

    /** The class path of jars the cache is made for; valid once {@link #packClasses()} ran. */
    List<String> jarClassPath() {
        return jars;
    }

    boolean ready() {
        return Files.isRegularFile(cacheFile);
    }

    /**
     * Copies the class path beside the cache, once: jars as they are, class directories packed into
     * jars. Each is written under a temporary name and moved into place.
     */
    void packClasses() throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < classPath.size(); i++) {
            Path target = Path.of(jars.get(i));
            if (Files.exists(target)) {
                continue;
            }
            Path tmp = Files.createTempFile(dir, "classpath-" + i, ".tmp");
            Path root = Path.of(classPath.get(i));
            if (!Files.isDirectory(root)) {
                Files.copy(root, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            try (OutputStream out = Files.newOutputStream(tmp);
                    JarOutputStream jar = new JarOutputStream(out);
                    Stream<Path> files = Files.walk(root)) {
                for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                    if (Files.isRegularFile(p)) {
                        jar.putNextEntry(
                                new JarEntry(root.relativize(p).toString().replace(File.separatorChar, '/')));
                        Files.copy(p, jar);
                        jar.closeEntry();
                    }
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Drops a cache the JVM refused, so the next training writes a fresh one. */
    void discard() {
        try {
            Files.deleteIfExists(cacheFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String jdk, List<String> jvmOptions, List<String> classPath) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((jdk + "\n" + String.join("\n", jvmOptions) + "\n").getBytes());
            for (String entry : classPath) {
                Path p = Path.of(entry);
                d.update((Files.isDirectory(p) ? "dir\n" : "jar\n").getBytes());
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : (Iterable<Path>)
                                files.filter(Files::isRegularFile).sorted()::iterator) {
                            d.update((p.relativize(f) + "\n").getBytes());
                            d.update(Files.readAllBytes(f));
                        }
                    }
                } else if (Files.exists(p)) {
                    d.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot key the worker cache", e);
        }
    }
}
