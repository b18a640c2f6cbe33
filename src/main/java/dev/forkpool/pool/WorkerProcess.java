package dev.forkpool.pool;

import dev.forkpool.protocol.Frame;
import dev.forkpool.protocol.FrameIO;
import dev.forkpool.protocol.Messages;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running worker process: its pipes, its handshake and the chunks in flight on it. The pool
 * owns the lifecycle; this class only talks to the process. Fields marked "guarded" change under
 * the pool's lock.
 */
final class WorkerProcess {
    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

    final int slot;
    final Process process;
    final long pid;
    final Duration handshake;
    private final FrameIO io;

    /**
     * Chunks sent (or about to be sent) to this process, in the order it runs them: the first one
     * is running, the others wait in the child's queue. Guarded.
     */
    final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Serialises writes to the child's stdin, so frames go out in the order of {@link #inFlight}. */
    final Object sendLock = new Object();
    /** Set when the pool kills this worker on purpose. Guarded. */
    ExitReason killReason;
    /** True once it was told to exit after its last chunk. Guarded. */
    boolean retiring;
    /** Chunks this process completed. Guarded. */
    int tasksDone;
    /** Its last chunk ran within {@code forkpool.pool.prefetch-work}: cheap work is likely next. Guarded. */
    boolean lastRanCheap;

    private long cpuNanosSeen;

    /** One chunk handed to this process. Mutable fields are guarded. */
    static final class InFlight {
        final long requestId;
        final ChunkTask task;
        final Consumer<TaskOutcome> callback;
        /** Its TASK frame has been (or is being) written; until then it can be withdrawn silently. */
        boolean sent;
        /**
         * When the child started it, as far as the parent can tell: when the chunk before it was
         * answered (or when it was sent, to a process with nothing else to do). 0 while queued.
         */
        long startNanos;
        /** Its deadline, counted from the start; null while queued. */
        ScheduledFuture<?> deadline;
        /** Its job was cancelled; it ends as Cancelled whatever happens to the process. */
        boolean cancelled;

        InFlight(long requestId, ChunkTask task, Consumer<TaskOutcome> callback) {
            this.requestId = requestId;
            this.task = task;
            this.callback = callback;
        }

        boolean started() {
            return startNanos != 0;
        }

        void stopClock() {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private WorkerProcess(int slot, Process process, FrameIO io, long pid, Duration handshake) {
        this.slot = slot;
        this.process = process;
        this.io = io;
        this.pid = pid;
        this.handshake = handshake;
    }

    /**
     * Starts a child and waits for its HELLO.
     *
     * @throws IOException if it does not start, dies, or says anything but a valid HELLO in time
     */
    static WorkerProcess start(
            int slot, List<String> command, int maxFrame, Duration handshakeTimeout, ScheduledExecutorService scheduler)
            throws IOException {
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).start();
        drainStderr(slot, process);
        ScheduledFuture<?> watchdog =
                scheduler.schedule(process::destroyForcibly, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            FrameIO io = new FrameIO(
                    new BufferedInputStream(process.getInputStream(), 1 << 16),
                    new BufferedOutputStream(process.getOutputStream(), 1 << 16),
                    maxFrame);
            Frame hello = io.read();
            if (hello == null) {
                throw new IOException("worker " + slot + " exited before its handshake" + exitSuffix(process));
            }
            if (hello.type() != Frame.Type.HELLO) {
                throw new IOException("worker " + slot + " sent " + hello.type() + " instead of HELLO");
            }
            Messages.Hello h = Messages.hello(hello.payload());
            if (h.version() != Frame.PROTOCOL_VERSION) {
                throw new IOException(
                        "worker " + slot + " speaks protocol " + h.version() + ", expected " + Frame.PROTOCOL_VERSION);
            }
            if (!watchdog.cancel(false)) {
                throw new IOException("worker " + slot + " missed its handshake deadline of " + handshakeTimeout);
            }
            WorkerProcess worker =
                    new WorkerProcess(slot, process, io, h.pid(), Duration.ofNanos(System.nanoTime() - t0));
            worker.takeCpuNanos(); // JVM start-up is nobody's chunk
            return worker;
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            process.destroyForcibly();
            throw e;
        }
    }

    private static String exitSuffix(Process process) {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " (" + ExitCodes.describe(process.exitValue()) + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    /** An undrained stderr pipe eventually blocks the child, so it is always read, line by line, into the log. */
    private static void drainStderr(int slot, Process process) {
        Thread.ofPlatform().daemon().name("worker-" + slot + "-stderr").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.warn("[worker {} pid {}] {}", slot, process.pid(), line);
                }
            } catch (IOException ignored) {
                // The process is gone; its exit is handled elsewhere.
            }
        });
    }

    /** Writes a TASK frame; the caller holds {@link #sendLock}. */
    void send(long requestId, ChunkTask task) throws IOException {
        io.write(new Frame(
                Frame.Type.TASK, requestId, Messages.task(new Messages.Task(task.function(), task.inputs()))));
    }

    /** Asks the child to drop a queued task; it answers with a CANCEL_REPLY. Takes {@link #sendLock}. */
    void sendCancel(long requestId) throws IOException {
        synchronized (sendLock) {
            io.write(new Frame(Frame.Type.CANCEL, requestId, new byte[0]));
        }
    }

    /** Blocks for the next frame; null at end of stream. */
    Frame read() throws IOException {
        return io.read();
    }

    /** Closes stdin: the child finishes and exits on end of stream. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already closed or dead; either way it will exit.
        }
    }

    /** CPU time used since the last {@link #takeCpuNanos}, without moving the mark: a running chunk's CPU so far. */
    long peekCpuNanos() {
        long total = process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(cpuNanosSeen);
        return Math.max(0, total - cpuNanosSeen);
    }

    /** CPU time the process used since the previous call, read from the OS. */
    long takeCpuNanos() {
        long total = process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(cpuNanosSeen);
        long delta = Math.max(0, total - cpuNanosSeen);
        cpuNanosSeen = total;
        return delta;
    }
}
