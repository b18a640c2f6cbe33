package dev.forkpool.pool;

import dev.forkpool.protocol.Frame;
import dev.forkpool.protocol.FrameIO;
import dev.forkpool.protocol.Messages;
import dev.forkpool.protocol.NumberCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes a worker AOT cache: one training run of a real worker that answers a few typical tasks
 * (the JVM records what it loaded and profiled, and writes the cache as it exits), then a check
 * that a worker started with {@code -XX:AOTMode=on} (which fails instead of falling back) accepts
 * it, and only then an atomic move into place. A cache that is half written, or that the JVM
 * refuses, is never used.
 */
final class AotCacheTrainer {
    /** Typical work: small and big integers, a decimal, a failing item, each built-in function. */
    private static final List<Messages.Task> TRAINING = List.of(
            new Messages.Task(
                    "square",
                    NumberCodec.encode(List.of(
                            1L, -7L, 3_037_000_500L, new BigInteger("12345678901234567890"), new BigDecimal("2.5")))),
            new Messages.Task("spin", NumberCodec.encode(List.of(200_000L, 1L))),
            new Messages.Task("sleep", NumberCodec.encode(List.of(0L, 1L))),
            new Messages.Task("no-such-function", NumberCodec.encode(List.of(1L))));

    private final WorkerJvmCache cache;
    private final int maxFrame;
    private final Duration timeout;
    private volatile Process current;
    private volatile boolean aborted;

    AotCacheTrainer(WorkerJvmCache cache, int maxFrame, Duration timeout) {
        this.cache = cache;
        this.maxFrame = maxFrame;
        this.timeout = timeout;
    }

    /** Trains, checks and publishes the cache. */
    void train() throws IOException, InterruptedException {
        cache.packClasses();
        Path tmp = cache.dir.resolve("training-" + UUID.randomUUID() + ".aot");
        Path log = cache.dir.resolve("training.log");
        try {
            Process p = start(cache.optionsWith("-XX:AOTCacheOutput=" + tmp), log);
            try {
                FrameIO io = io(p);
                hello(io, p);
                long id = 0;
                for (Messages.Task task : TRAINING) {
                    io.write(new Frame(Frame.Type.TASK, ++id, Messages.task(task)));
                    Frame result = io.read();
                    if (result == null || result.type() != Frame.Type.RESULT) {
                        throw new IOException("the training worker did not answer its task");
                    }
                }
                p.getOutputStream().close();
                // The JVM writes the cache on its way out, in a second JVM: that takes a few seconds.
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("the training worker did not write its cache within " + timeout);
                }
            } finally {
                kill(p);
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IOException(
                        "the training worker wrote no cache (" + ExitCodes.describe(p.exitValue()) + "); see " + log);
            }
            if (!accepts(tmp)) {
                throw new IOException("the JVM refuses the cache it just wrote; see " + log);
            }
            Files.move(tmp, cache.cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(Path.of(tmp + ".config"));
        }
    }

    /** Whether a worker started with this cache, and made to fail rather than run without it, says HELLO. */
    boolean accepts(Path file) throws IOException, InterruptedException {
        Process p = start(cache.optionsWith("-XX:AOTMode=on", "-XX:AOTCache=" + file), cache.dir.resolve("check.log"));
        try {
            hello(io(p), p);
            p.getOutputStream().close();
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } finally {
            kill(p);
        }
    }

    /** Starts a worker that is killed after the timeout whatever it is doing, so no step can hang. */
    private Process start(List<String> options, Path log) throws IOException {
        if (aborted) {
            throw new IOException("the pool stopped");
        }
        Process p = new ProcessBuilder(WorkerCommand.build(options, cache.jarClassPath(), maxFrame))
                .redirectError(log.toFile())
                .start();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> kill(p));
        current = p;
        if (aborted) {
            kill(p);
        }
        return p;
    }

    /** Stops the training or check in progress, with the JVM it may have started to write the cache. */
    void abort() {
        aborted = true;
        Process p = current;
        if (p != null) {
            kill(p);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private FrameIO io(Process p) {
        return new FrameIO(
                new BufferedInputStream(p.getInputStream()), new BufferedOutputStream(p.getOutputStream()), maxFrame);
    }

    private void hello(FrameIO io, Process p) throws IOException {
        Frame hello = io.read();
        if (hello == null || hello.type() != Frame.Type.HELLO) {
            throw new IOException("the worker did not say HELLO");
        }
    }
}
