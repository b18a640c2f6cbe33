package dev.forkpool.pool;

import dev.forkpool.protocol.Frame;
import dev.forkpool.protocol.FrameIO;
import dev.forkpool.protocol.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps N worker processes alive and feeds each up to {@code forkpool.pool.prefetch} chunks at a
 * time: one running, the next already queued in the child, so a worker never waits for the service
 * to record a result and hand it more. It starts workers, detects their exits by event ({@link
 * Process#onExit()}), kills a chunk that runs past its deadline, recycles a worker after its task
 * limit, and backs off when workers keep failing to start.
 *
 * <p>Each chunk in flight is accounted for exactly once: the running one (the first sent) by what
 * happened to it, a queued one that never started as {@link TaskOutcome.Abandoned}, or either as
 * {@link TaskOutcome.Cancelled} once its job is cancelled.
 *
 * <p>All slot state changes under this object's lock; pipe I/O and callbacks run outside it.
 */
public final class WorkerPool implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final PoolProperties props;
    private final List<String> baseCommand;
    private final List<String> classPath;
    private final Path cacheRoot;
    /** What spawns run: the base command, or the one with the AOT cache once there is one. */
    private volatile List<String> command;

    private volatile String cacheStatus;
    private volatile AotCacheTrainer trainer;
    private final WorkerSlot[] slots;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService spawner = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Runnable> idleListeners = new CopyOnWriteArrayList<>();
    private final BootBackoff bootBackoff;

    private final int prefetch;
    private final int maxPrefetch;
    private final long prefetchWorkNanos;
    private long nextRequestId;
    private int nextSlot;
    private volatile boolean running;

    /** A pool without a worker AOT cache. */
    public WorkerPool(PoolProperties props) {
        this(props, null);
    }

    /**
     * @param cacheRoot where the worker AOT cache is built and kept; null for none
     */
    public WorkerPool(PoolProperties props, Path cacheRoot) {
        this.props = props;
        this.prefetch = props.prefetch();
        this.maxPrefetch = Math.max(props.prefetch(), props.maxPrefetch());
        this.prefetchWorkNanos = props.prefetchWork().toNanos();
        this.cacheRoot = cacheRoot;
        this.classPath = WorkerClassPath.resolve(System.getProperty("java.class.path"), props.classPath());
        this.baseCommand = WorkerCommand.build(
                props.jvmOptions(), classPath, (int) props.maxFrame().toBytes());
        this.command = baseCommand;
        this.bootBackoff = new BootBackoff(props.bootBackoff(), props.maxBootBackoff(), props.bootFailuresUntilDown());
        this.slots = new WorkerSlot[props.resolvedSize()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new WorkerSlot(i);
        }
        this.scheduler = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("pool-timer").factory());
        // Every chunk schedules its deadline here and cancels it when it ends, most within
        // milliseconds. Without removal on cancel, each cancelled deadline stayed queued for its
        // whole timeout (10 minutes by default), holding its worker: a heap histogram after a
        // minute of small jobs held 33,000 of them, and at 1,600 chunks/s ten minutes would hold
        // about a million.
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Timers queued now: the deadlines of running chunks, handshakes and restarts. For tests. */
    int pendingTimers() {
        return scheduler.getQueue().size();
    }

    /** Runs when the pool may take more chunks (see {@link #freeCapacity()}), so the dispatcher can hand them out. */
    public void onIdle(Runnable listener) {
        idleListeners.add(listener);
    }

    @Override
    public void start() {
        running = true;
        WorkerJvmCache.Use use = WorkerJvmCache.decide(
                props.aotCache() && cacheRoot != null, Runtime.version().feature(), props.jvmOptions());
        WorkerJvmCache cache = null;
        if (use == WorkerJvmCache.Use.AOT) {
            cache = WorkerJvmCache.under(
                    cacheRoot,
                    System.getProperty("java.home") + " " + Runtime.version(),
                    props.jvmOptions(),
                    classPath);
            if (cache.ready()) {
                useCache(cache); // checked below, in the background; a bad one only costs a slower start
            }
            cacheStatus = "checking";
        } else {
            cacheStatus = "off: " + use.name().toLowerCase(java.util.Locale.ROOT);
        }
        log.info("starting {} workers with {}", slots.length, WorkerCommand.describe(command));
        for (WorkerSlot slot : slots) {
            spawn(slot, Duration.ZERO);
        }
        if (cache != null) {
            WorkerJvmCache c = cache;
            spawner.execute(() -> prepareCache(c));
        }
    }

    /**
     * Checks the cache found at start, or builds one, off the start-up path: workers start without
     * it meanwhile, and any failure leaves them so.
     */
    private void prepareCache(WorkerJvmCache cache) {
        var trainer = new AotCacheTrainer(cache, (int) props.maxFrame().toBytes(), props.aotTrainingTimeout());
        this.trainer = trainer;
        if (!running) {
            return;
        }
        try {
            if (cache.ready()) {
                if (trainer.accepts(cache.cacheFile)) {
                    cacheStatus = "ready: " + cache.cacheFile;
                    return;
                }
                log.warn("the worker AOT cache {} is unusable; building a new one", cache.cacheFile);
                command = baseCommand;
                cache.discard();
            }
            cacheStatus = "building";
            long t0 = System.nanoTime();
            trainer.train();
            useCache(cache);
            cacheStatus = "ready: " + cache.cacheFile;
            log.info(
                    "worker AOT cache built in {} ms; new workers start with {}",
                    (System.nanoTime() - t0) / 1_000_000,
                    WorkerCommand.describe(command));
        } catch (IOException | RuntimeException e) {
            command = baseCommand;
            cacheStatus = "failed: " + e.getMessage();
            if (!running) {
                return;
            }
            log.warn("no worker AOT cache, workers start without one: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void useCache(WorkerJvmCache cache) {
        command = WorkerCommand.build(cache.optionsWith("-XX:AOTCache=" + cache.cacheFile), cache.jarClassPath(), (int)
                props.maxFrame().toBytes());
    }

    /**
     * The worker AOT cache: {@code checking}, {@code building}, {@code ready: <file>}, {@code
     * failed: <why>}, or {@code off: <why>} (off, configured in jvm-options, unsupported JDK).
     */
    public String workerCache() {
        return cacheStatus == null ? "off: not started" : cacheStatus;
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
        AotCacheTrainer t = trainer;
        if (t != null) {
            t.abort();
        }
        // End of stdin makes each child exit at once; its chunks go back to ready (Abandoned).
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

    /** Workers that are up and have no chunk at all. */
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
     * How many more chunks the pool may take now, to size a claim: over live workers that are not
     * retiring, the free places of each up to {@code forkpool.pool.prefetch}, or up to {@code
     * max-prefetch} while its work is cheap (see {@link #mayHoldMore}), and never past a worker's
     * task limit. Optimistic: {@link #execute} may still refuse a chunk that is not cheap.
     */
    public synchronized int freeCapacity() {
        int n = 0;
        for (WorkerSlot slot : slots) {
            n += free(slot);
        }
        return n;
    }

    private int free(WorkerSlot slot) {
        WorkerProcess w = slot.worker;
        if (!running || w == null || w.killReason != null || w.retiring) {
            return 0;
        }
        long untilRecycle = (long) slot.recycleAfter - w.tasksDone - w.inFlight.size();
        int limit = mayHoldMore(w) ? maxPrefetch : prefetch;
        return (int) Math.max(0, Math.min(limit - w.inFlight.size(), untilRecycle));
    }

    /**
     * Whether the worker is likely to take chunks past {@code prefetch}: what it holds is cheap, or
     * it holds nothing and its last chunk was cheap. A worker that ran long chunks last, or a new
     * one, offers only {@code prefetch} places, so an idle node does not claim a job of long chunks
     * only to give most of them back.
     */
    private boolean mayHoldMore(WorkerProcess w) {
        if (maxPrefetch <= prefetch) {
            return false;
        }
        return w.inFlight.isEmpty() ? w.lastRanCheap : heldWork(w) <= prefetchWorkNanos;
    }

    /** The estimated work of every chunk the worker holds; Long.MAX_VALUE if any is unknown. */
    private static long heldWork(WorkerProcess w) {
        long held = 0;
        for (WorkerProcess.InFlight c : w.inFlight) {
            long estimate = c.task.estimatedNanos();
            if (estimate < 0) {
                return Long.MAX_VALUE;
            }
            held += estimate;
        }
        return held;
    }

    /**
     * Whether a worker with a free place takes this chunk: it holds fewer than {@code prefetch}
     * chunks, or the chunk's estimate fits in what is left of {@code prefetch-work} beside what it
     * holds. A chunk of unknown cost only ever takes one of the first {@code prefetch} places.
     */
    private boolean fits(WorkerProcess w, ChunkTask task) {
        if (w.inFlight.size() < prefetch) {
            return true;
        }
        long estimate = task.estimatedNanos();
        return estimate >= 0 && estimate <= prefetchWorkNanos - heldWork(w);
    }

    /**
     * Sends the chunk to the worker with the most free places that takes it (see {@link #fits}).
     * If that worker has nothing else to do it starts at once; otherwise it waits in the child's
     * queue behind the chunks sent before.
     *
     * @return false if no worker takes it now; the callback then never runs
     */
    public boolean execute(ChunkTask task, Consumer<TaskOutcome> callback) {
        WorkerProcess worker;
        synchronized (this) {
            WorkerSlot slot = leastLoaded(task);
            if (slot == null) {
                return false;
            }
            worker = slot.worker;
            var chunk = new WorkerProcess.InFlight(++nextRequestId, task, callback);
            worker.inFlight.addLast(chunk);
            if (worker.inFlight.size() == 1) {
                startClock(worker, chunk);
            }
            refreshState(slot);
        }
        flush(worker);
        return true;
    }

    /**
     * Writes every chunk of the worker not yet sent, in order. Whoever holds the send lock sends
     * them all, so frames reach the child in the order of the in-flight queue even when two threads
     * hand chunks to the same worker.
     */
    private void flush(WorkerProcess worker) {
        synchronized (worker.sendLock) {
            while (true) {
                WorkerProcess.InFlight next = null;
                synchronized (this) {
                    for (WorkerProcess.InFlight c : worker.inFlight) {
                        if (!c.sent) {
                            next = c;
                            break;
                        }
                    }
                    if (next == null || worker.killReason != null) {
                        return; // a dying worker: its exit accounts for the unsent ones
                    }
                    next.sent = true;
                }
                try {
                    worker.send(next.requestId, next.task);
                } catch (FrameIO.MalformedFrameException e) {
                    // Over the frame cap: nothing was written and the worker is fine. The chunk
                    // fails as a crash would, so the job retries it in halves.
                    log.warn(
                            "chunk {}@{} cannot be sent: {}",
                            next.task.jobId(),
                            next.task.startIndex(),
                            e.getMessage());
                    withdraw(worker, next, new TaskOutcome.Crashed(e.getMessage()));
                } catch (IOException e) {
                    // A dying pipe: the exit handler accounts for every chunk in flight.
                    log.warn(
                            "worker {} (pid {}) could not take chunk {}@{}: {}",
                            worker.slot,
                            worker.pid,
                            next.task.jobId(),
                            next.task.startIndex(),
                            e.getMessage());
                    synchronized (this) {
                        if (worker.killReason == null) {
                            worker.killReason = ExitReason.CRASH;
                        }
                    }
                    worker.process.destroyForcibly();
                    return;
                }
            }
        }
    }

    /** Takes a chunk off a live worker without killing it, and delivers its outcome. */
    private void withdraw(WorkerProcess worker, WorkerProcess.InFlight chunk, TaskOutcome outcome) {
        boolean removed;
        synchronized (this) {
            removed = worker.inFlight.remove(chunk);
            if (removed) {
                chunk.stopClock();
                startNext(worker);
                refreshState(slots[worker.slot]);
            }
        }
        if (removed) {
            deliver(chunk, outcome);
            fireIdle();
        }
    }

    /**
     * Stops every chunk of this job: a worker running one is killed (its queued chunks of other
     * jobs go back to ready as Abandoned); a chunk still queued in a worker is withdrawn without
     * killing anyone: an unsent one at once, a sent one with a CANCEL frame the child answers.
     *
     * @return how many chunks of the job were in flight
     */
    public int cancel(UUID jobId) {
        List<WorkerProcess> victims = new ArrayList<>();
        List<WorkerProcess.InFlight> unsent = new ArrayList<>();
        List<Map.Entry<WorkerProcess, Long>> toCancel = new ArrayList<>();
        int found = 0;
        synchronized (this) {
            for (WorkerSlot slot : slots) {
                WorkerProcess w = slot.worker;
                if (w == null) {
                    continue;
                }
                boolean kill = false;
                for (var it = w.inFlight.iterator(); it.hasNext(); ) {
                    WorkerProcess.InFlight c = it.next();
                    if (!c.task.jobId().equals(jobId) || c.cancelled) {
                        continue;
                    }
                    found++;
                    c.cancelled = true;
                    if (c.started()) {
                        kill = true;
                    } else if (!c.sent) {
                        it.remove();
                        unsent.add(c);
                    } else {
                        toCancel.add(Map.entry(w, c.requestId));
                    }
                }
                if (kill && w.killReason == null) {
                    w.killReason = ExitReason.CANCEL;
                    victims.add(w);
                }
                refreshState(slot);
            }
        }
        victims.forEach(w -> w.process.destroyForcibly());
        unsent.forEach(c -> deliver(c, new TaskOutcome.Cancelled()));
        for (var e : toCancel) {
            try {
                e.getKey().sendCancel(e.getValue());
            } catch (IOException ex) {
                // The worker is dying; its exit accounts for the chunk as Cancelled.
            }
        }
        if (!unsent.isEmpty()) {
            fireIdle();
        }
        return found;
    }

    /** The state of each slot, for health, metrics and the pool view. */
    public synchronized List<WorkerSnapshot> snapshot() {
        List<WorkerSnapshot> list = new ArrayList<>(slots.length);
        for (WorkerSlot s : slots) {
            WorkerProcess w = s.worker;
            List<WorkerSnapshot.InFlightChunk> chunks = new ArrayList<>();
            if (w != null) {
                for (WorkerProcess.InFlight c : w.inFlight) {
                    chunks.add(new WorkerSnapshot.InFlightChunk(c.task.jobId(), c.task.startIndex(), c.started()));
                }
            }
            list.add(new WorkerSnapshot(
                    s.index,
                    s.state.name(),
                    w == null ? null : w.pid,
                    chunks.isEmpty() ? null : chunks.getFirst().jobId(),
                    s.tasksDone,
                    // A long chunk's CPU shows as it accrues, not only when the chunk ends.
                    s.cpuNanos + (w != null && !w.inFlight.isEmpty() ? w.peekCpuNanos() : 0),
                    s.restartCounts(),
                    w == null ? s.lastHandshake : w.handshake,
                    List.copyOf(chunks)));
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

    /**
     * The live worker with the most free places that takes the chunk, round-robin among equals;
     * null if none does.
     */
    private WorkerSlot leastLoaded(ChunkTask task) {
        WorkerSlot best = null;
        int bestFree = 0;
        for (int i = 0; i < slots.length; i++) {
            WorkerSlot slot = slots[(nextSlot + i) % slots.length];
            int free = free(slot);
            if (free > bestFree && fits(slot.worker, task)) {
                best = slot;
                bestFree = free;
            }
        }
        if (best != null) {
            nextSlot = (best.index + 1) % slots.length;
        }
        return best;
    }

    /** Starts the deadline of a chunk the child begins now. Under the lock. */
    private void startClock(WorkerProcess worker, WorkerProcess.InFlight chunk) {
        chunk.startNanos = System.nanoTime();
        long requestId = chunk.requestId;
        chunk.deadline = scheduler.schedule(
                () -> kill(worker, requestId, ExitReason.TIMEOUT),
                chunk.task.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The child moves to its next queued chunk: its deadline starts now. Under the lock. */
    private void startNext(WorkerProcess worker) {
        WorkerProcess.InFlight next = worker.inFlight.peekFirst();
        if (next != null && !next.started()) {
            startClock(worker, next);
        }
    }

    /** Under the lock. */
    private static void refreshState(WorkerSlot slot) {
        WorkerProcess w = slot.worker;
        if (w == null) {
            return;
        }
        slot.state = w.retiring ? SlotState.RETIRING : w.inFlight.isEmpty() ? SlotState.IDLE : SlotState.BUSY;
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
                switch (frame.type()) {
                    case RESULT -> onResult(slot, worker, frame);
                    case CANCEL_REPLY -> onCancelReply(worker, frame);
                    default ->
                        throw new FrameIO.MalformedFrameException(
                                "expected RESULT or CANCEL_REPLY, got " + frame.type());
                }
            }
        } catch (FrameIO.MalformedFrameException e) {
            log.error("worker {} (pid {}) broke the protocol, killing it: {}", slot.index, worker.pid, e.getMessage());
            worker.process.destroyForcibly();
        } catch (IOException e) {
            // The pipe closed: the process is exiting and onExit takes over.
        }
    }

    private void onResult(WorkerSlot slot, WorkerProcess worker, Frame frame) throws IOException {
        WorkerProcess.InFlight done;
        boolean retire;
        synchronized (this) {
            if (worker.killReason != null) {
                // A late answer from a worker being killed; its exit accounts for its chunks.
                return;
            }
            done = worker.inFlight.peekFirst();
            if (done == null || done.requestId != frame.requestId()) {
                // The child runs its chunks in the order they were sent: anything else is a broken worker.
                throw new FrameIO.MalformedFrameException("RESULT for request " + frame.requestId() + ", expected "
                        + (done == null ? "none" : String.valueOf(done.requestId)));
            }
            worker.inFlight.removeFirst();
            done.stopClock();
            worker.lastRanCheap = System.nanoTime() - done.startNanos <= prefetchWorkNanos;
            startNext(worker);
            worker.tasksDone++;
            slot.tasksDone++;
            // Recycle: no new chunk went to it past its limit (see free()); once the last one is
            // answered it retires.
            retire = worker.inFlight.isEmpty() && worker.tasksDone >= slot.recycleAfter;
            worker.retiring = retire;
            refreshState(slot);
        }
        long cpu = worker.takeCpuNanos();
        synchronized (this) {
            slot.cpuNanos += cpu;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - done.startNanos);
        // A chunk of a job cancelled meanwhile finished anyway: its job records nothing more.
        if (done.cancelled) {
            deliver(done, new TaskOutcome.Cancelled());
        } else {
            Messages.Result result = Messages.result(frame.payload());
            deliver(done, new TaskOutcome.Done(result.failed(), result.outputs(), cpu, elapsed));
        }
        if (retire) {
            log.info("worker {} (pid {}) recycled after {} chunks", slot.index, worker.pid, worker.tasksDone);
            worker.closeInput();
        } else {
            fireIdle();
        }
    }

    /**
     * The child's answer to a CANCEL: the chunk was dropped unrun (it ends Cancelled and the worker
     * lives on), or it had already started, and then its worker is killed as for any running chunk
     * of a cancelled job.
     */
    private void onCancelReply(WorkerProcess worker, Frame frame) {
        boolean dropped = Messages.cancelReply(frame.payload());
        WorkerProcess.InFlight chunk = null;
        synchronized (this) {
            for (WorkerProcess.InFlight c : worker.inFlight) {
                if (c.requestId == frame.requestId()) {
                    chunk = c;
                }
            }
            if (chunk == null || worker.killReason != null) {
                return; // answered or accounted for already
            }
            if (!dropped) {
                worker.killReason = ExitReason.CANCEL;
            }
        }
        if (dropped) {
            withdraw(worker, chunk, new TaskOutcome.Cancelled());
        } else {
            worker.process.destroyForcibly();
        }
    }

    private void kill(WorkerProcess worker, long requestId, ExitReason reason) {
        WorkerProcess.InFlight running;
        synchronized (this) {
            running = worker.inFlight.peekFirst();
            if (running == null || running.requestId != requestId || worker.killReason != null) {
                return;
            }
            worker.killReason = reason;
        }
        log.warn(
                "worker {} (pid {}) ran chunk {}@{} past its {} deadline; killing it",
                worker.slot,
                worker.pid,
                running.task.jobId(),
                running.task.startIndex(),
                running.task.timeout());
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
        List<WorkerProcess.InFlight> lost;
        ExitReason reason;
        synchronized (this) {
            if (slot.worker != worker) {
                return;
            }
            lost = new ArrayList<>(worker.inFlight);
            worker.inFlight.clear();
            lost.forEach(WorkerProcess.InFlight::stopClock);
            reason = worker.killReason != null
                    ? worker.killReason
                    : worker.retiring && lost.isEmpty() ? ExitReason.RECYCLE : ExitReason.CRASH;
            slot.worker = null;
            if (running) {
                slot.countRestart(reason);
            }
        }
        String exit = ExitCodes.describe(worker.process.exitValue(), reason != ExitReason.CRASH || !running);
        WorkerProcess.InFlight first = lost.isEmpty() ? null : lost.getFirst();
        if (!running) {
            // Shutting down: the pool closed its stdin or killed it; not a restart, not a crash.
            log.info("worker {} (pid {}) stopped: {}", slot.index, worker.pid, exit);
        } else if (reason == ExitReason.CRASH) {
            log.warn(
                    "worker {} (pid {}) died: {}{}",
                    slot.index,
                    worker.pid,
                    exit,
                    first == null
                            ? ""
                            : " while running chunk " + first.task.jobId() + "@" + first.task.startIndex()
                                    + (lost.size() > 1 ? " (" + (lost.size() - 1) + " more queued)" : ""));
        } else {
            log.info("worker {} (pid {}) exited ({}): {}", slot.index, worker.pid, reason.tag(), exit);
        }
        for (WorkerProcess.InFlight c : lost) {
            deliver(c, LostChunkOutcome.of(c.started(), c.cancelled, reason, !running, c.task.timeout(), exit));
        }
        if (running) {
            spawn(slot, Duration.ZERO);
        }
    }

    private void deliver(WorkerProcess.InFlight inFlight, TaskOutcome outcome) {
        try {
            inFlight.callback.accept(outcome);
        } catch (RuntimeException e) {
            log.error(
                    "handling the outcome of chunk {}@{} failed", inFlight.task.jobId(), inFlight.task.startIndex(), e);
        }
    }

    private void fireIdle() {
        idleListeners.forEach(Runnable::run);
    }
}
