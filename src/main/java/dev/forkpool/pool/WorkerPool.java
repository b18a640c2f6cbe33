package dev.forkpool.pool;

import dev.forkpool.protocol.Frame;
import dev.forkpool.protocol.FrameIO;
import dev.forkpool.protocol.Messages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps N worker processes alive and runs one chunk at a time on each. It starts workers, detects
 * their exits by event ({@link Process#onExit()}), kills a chunk that runs past its deadline,
 * recycles a worker after its task limit, and backs off when workers keep failing to start.
 *
 * <p>All slot state changes under this object's lock; pipe I/O and callbacks run outside it.
 */
public final class WorkerPool implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final PoolProperties props;
    private final List<String> command;
    private final WorkerSlot[] slots;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService spawner = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Runnable> idleListeners = new CopyOnWriteArrayList<>();
    private final BootBackoff bootBackoff;

    private long nextRequestId;
    private int nextSlot;
    private volatile boolean running;

    public WorkerPool(PoolProperties props) {
        this.props = props;
        this.command =
                WorkerCommand.build(props.jvmOptions(), (int) props.maxFrame().toBytes(), props.classPath());
        this.bootBackoff = new BootBackoff(props.bootBackoff(), props.maxBootBackoff(), props.bootFailuresUntilDown());
        this.slots = new WorkerSlot[props.resolvedSize()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new WorkerSlot(i);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("pool-timer").factory());
    }

    /** Runs when a worker may have become idle, so the dispatcher can hand it work. */
    public void onIdle(Runnable listener) {
        idleListeners.add(listener);
    }

    @Override
    public void start() {
        running = true;
        log.info("starting {} workers with {}", slots.length, WorkerCommand.describe(command));
        for (WorkerSlot slot : slots) {
            spawn(slot, Duration.ZERO);
        }
    }

    @Override
    public void stop() {
        List<WorkerProcess> alive = new ArrayList<>();
        synchronized (this) {
            running = false;
            for (WorkerSlot slot : slots) {
                if (slot.worker != null) {
                    alive.add(slot.worker);
                }
            }
        }
        // End of stdin makes each child exit at once; its chunk goes back to ready (Abandoned).
        alive.forEach(WorkerProcess::closeInput);
        long deadline = System.nanoTime() + props.killGrace().toNanos();
        for (WorkerProcess w : alive) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!w.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    w.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.process.destroyForcibly();
            }
        }
        scheduler.shutdownNow();
        spawner.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops the pool before the store and the web server go away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** The number of worker processes the pool keeps. */
    public int size() {
        return slots.length;
    }

    /** How many more chunks the pool accepts now (a placeholder until prefetch: the idle workers). */
    public synchronized int freeCapacity() {
        return idleCount();
    }

    /** Workers that are up and waiting for a chunk. */
    public synchronized int idleCount() {
        int n = 0;
        for (WorkerSlot slot : slots) {
            if (slot.state == SlotState.IDLE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Runs the chunk on an idle worker.
     *
     * @return false if no worker was idle; the callback then never runs
     */
    public boolean execute(ChunkTask task, Consumer<TaskOutcome> callback) {
        WorkerProcess worker;
        long requestId;
        synchronized (this) {
            WorkerSlot slot = findIdle();
            if (slot == null || !running) {
                return false;
            }
            worker = slot.worker;
            requestId = ++nextRequestId;
            slot.state = SlotState.BUSY;
            var deadline = scheduler.schedule(
                    () -> kill(worker, requestId, ExitReason.TIMEOUT),
                    task.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            worker.inFlight = new WorkerProcess.InFlight(requestId, task, callback, System.nanoTime(), deadline);
        }
        worker.takeCpuNanos();
        try {
            worker.send(requestId, task);
        } catch (IOException e) {
            // A dying pipe or a frame over the cap: the exit handler hands the chunk back as a crash,
            // and the job retries it, split in halves if need be.
            log.warn(
                    "worker {} (pid {}) could not take chunk {}@{}: {}",
                    worker.slot,
                    worker.pid,
                    task.jobId(),
                    task.startIndex(),
                    e.getMessage());
            synchronized (this) {
                if (worker.killReason == null) {
                    worker.killReason = ExitReason.CRASH;
                }
            }
            worker.process.destroyForcibly();
        }
        return true;
    }

    /**
     * Kills every worker running a chunk of this job.
     *
     * @return how many were running one
     */
    public int cancel(UUID jobId) {
        List<WorkerProcess> victims = new ArrayList<>();
        synchronized (this) {
            for (WorkerSlot slot : slots) {
                WorkerProcess w = slot.worker;
                if (w != null && w.inFlight != null && w.inFlight.task().jobId().equals(jobId)) {
                    w.killReason = ExitReason.CANCEL;
                    victims.add(w);
                }
            }
        }
        victims.forEach(w -> w.process.destroyForcibly());
        return victims.size();
    }

    /** The state of each slot, for health, metrics and the pool view. */
    public synchronized List<WorkerSnapshot> snapshot() {
        List<WorkerSnapshot> list = new ArrayList<>(slots.length);
        for (WorkerSlot s : slots) {
            WorkerProcess w = s.worker;
            // Read once: the job and the start index must come from the same chunk.
            ChunkTask running = w != null && w.inFlight != null ? w.inFlight.task() : null;
            list.add(new WorkerSnapshot(
                    s.index,
                    s.state.name(),
                    w == null ? null : w.pid,
                    running == null ? null : running.jobId(),
                    running == null ? null : running.startIndex(),
                    s.tasksDone,
                    // A long chunk's CPU shows as it accrues, not only when the chunk ends.
                    s.cpuNanos + (w != null && w.inFlight != null ? w.peekCpuNanos() : 0),
                    s.restartCounts(),
                    w == null ? s.lastHandshake : w.handshake));
        }
        return list;
    }

    /** Whether failed starts in a row have passed the limit, so the pool is DOWN. */
    public boolean isBootLooping() {
        return bootBackoff.down();
    }

    public int bootFailuresInARow() {
        return bootBackoff.failuresInARow();
    }

    private WorkerSlot findIdle() {
        for (int i = 0; i < slots.length; i++) {
            WorkerSlot slot = slots[(nextSlot + i) % slots.length];
            if (slot.state == SlotState.IDLE) {
                nextSlot = (slot.index + 1) % slots.length;
                return slot;
            }
        }
        return null;
    }

    private void spawn(WorkerSlot slot, Duration delay) {
        synchronized (this) {
            slot.state = delay.isZero() ? SlotState.STARTING : SlotState.BACKING_OFF;
        }
        Runnable start = () -> spawner.execute(() -> doSpawn(slot));
        if (delay.isZero()) {
            start.run();
        } else {
            scheduler.schedule(start, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void doSpawn(WorkerSlot slot) {
        if (!running) {
            return;
        }
        synchronized (this) {
            slot.state = SlotState.STARTING;
        }
        WorkerProcess worker;
        try {
            worker = WorkerProcess.start(
                    slot.index, command, (int) props.maxFrame().toBytes(), props.handshakeTimeout(), scheduler);
        } catch (IOException | RuntimeException e) {
            Duration delay = bootBackoff.failed();
            log.error(
                    "worker {} failed to start ({} in a row), next try in {}: {}",
                    slot.index,
                    bootBackoff.failuresInARow(),
                    delay,
                    e.getMessage());
            if (running) {
                spawn(slot, delay);
            }
            return;
        }
        bootBackoff.succeeded();
        synchronized (this) {
            if (!running) {
                worker.closeInput();
                return;
            }
            slot.worker = worker;
            slot.lastHandshake = worker.handshake;
            slot.recycleAfter = WorkerSlot.recycleAfter(props.maxTasksPerWorker());
            slot.state = SlotState.IDLE;
        }
        log.info("worker {} ready: pid {}, handshake in {} ms", slot.index, worker.pid, worker.handshake.toMillis());
        worker.process.onExit().thenRun(() -> onExit(slot, worker));
        Thread.ofPlatform().daemon().name("worker-" + slot.index + "-reader").start(() -> readLoop(slot, worker));
        fireIdle();
    }

    private void readLoop(WorkerSlot slot, WorkerProcess worker) {
        try {
            Frame frame;
            while ((frame = worker.read()) != null) {
                if (frame.type() != Frame.Type.RESULT) {
                    throw new FrameIO.MalformedFrameException("expected RESULT, got " + frame.type());
                }
                onResult(slot, worker, frame);
            }
        } catch (FrameIO.MalformedFrameException e) {
            log.error("worker {} (pid {}) broke the protocol, killing it: {}", slot.index, worker.pid, e.getMessage());
            worker.process.destroyForcibly();
        } catch (IOException e) {
            // The pipe closed: the process is exiting and onExit takes over.
        }
    }

    private void onResult(WorkerSlot slot, WorkerProcess worker, Frame frame) {
        WorkerProcess.InFlight done;
        boolean retire;
        synchronized (this) {
            done = worker.inFlight;
            if (done == null || done.requestId() != frame.requestId() || worker.killReason != null) {
                // A late answer from a worker being killed; its chunk is accounted for already.
                return;
            }
            done.deadline().cancel(false);
            worker.inFlight = null;
            worker.tasksDone++;
            slot.tasksDone++;
            retire = worker.tasksDone >= slot.recycleAfter;
            worker.retiring = retire;
            slot.state = retire ? SlotState.RETIRING : SlotState.IDLE;
        }
        long cpu = worker.takeCpuNanos();
        synchronized (this) {
            slot.cpuNanos += cpu;
        }
        Messages.Result result = Messages.result(frame.payload());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - done.startNanos());
        deliver(done, new TaskOutcome.Done(result.failed(), result.outputs(), cpu, elapsed));
        if (retire) {
            log.info("worker {} (pid {}) recycled after {} chunks", slot.index, worker.pid, worker.tasksDone);
            worker.closeInput();
        } else {
            fireIdle();
        }
    }

    private void kill(WorkerProcess worker, long requestId, ExitReason reason) {
        synchronized (this) {
            if (worker.inFlight == null || worker.inFlight.requestId() != requestId || worker.killReason != null) {
                return;
            }
            worker.killReason = reason;
        }
        log.warn(
                "worker {} (pid {}) ran chunk {}@{} past its {} deadline; killing it",
                worker.slot,
                worker.pid,
                worker.inFlight.task().jobId(),
                worker.inFlight.task().startIndex(),
                worker.inFlight.task().timeout());
        worker.process.destroy();
        scheduler.schedule(
                () -> {
                    if (worker.process.isAlive()) {
                        worker.process.destroyForcibly();
                    }
                },
                props.killGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void onExit(WorkerSlot slot, WorkerProcess worker) {
        WorkerProcess.InFlight lost;
        ExitReason reason;
        synchronized (this) {
            if (slot.worker != worker) {
                return;
            }
            lost = worker.inFlight;
            worker.inFlight = null;
            if (lost != null) {
                lost.deadline().cancel(false);
            }
            reason = worker.killReason != null
                    ? worker.killReason
                    : worker.retiring && lost == null ? ExitReason.RECYCLE : ExitReason.CRASH;
            slot.worker = null;
            if (running) {
                slot.countRestart(reason);
            }
        }
        String exit = ExitCodes.describe(worker.process.exitValue());
        if (!running) {
            // Shutting down: the pool closed its stdin or killed it; not a restart, not a crash.
            log.info("worker {} (pid {}) stopped: {}", slot.index, worker.pid, exit);
        } else if (reason == ExitReason.CRASH) {
            log.warn(
                    "worker {} (pid {}) died: {}{}",
                    slot.index,
                    worker.pid,
                    exit,
                    lost == null
                            ? ""
                            : " while running chunk " + lost.task().jobId() + "@"
                                    + lost.task().startIndex());
        } else {
            log.info("worker {} (pid {}) exited ({}): {}", slot.index, worker.pid, reason.tag(), exit);
        }
        if (lost != null) {
            deliver(
                    lost,
                    !running
                            ? new TaskOutcome.Abandoned()
                            : switch (reason) {
                                case TIMEOUT ->
                                    new TaskOutcome.TimedOut(lost.task().timeout());
                                case CANCEL -> new TaskOutcome.Cancelled();
                                default -> new TaskOutcome.Crashed("worker process " + exit);
                            });
        }
        if (running) {
            spawn(slot, Duration.ZERO);
        }
    }

    private void deliver(WorkerProcess.InFlight inFlight, TaskOutcome outcome) {
        try {
            inFlight.callback().accept(outcome);
        } catch (RuntimeException e) {
            log.error(
                    "handling the outcome of chunk {}@{} failed",
                    inFlight.task().jobId(),
                    inFlight.task().startIndex(),
                    e);
        }
    }

    private void fireIdle() {
        idleListeners.forEach(Runnable::run);
    }
}
