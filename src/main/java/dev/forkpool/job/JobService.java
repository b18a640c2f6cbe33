package dev.forkpool.job;

import dev.forkpool.function.FunctionCatalog;
import dev.forkpool.function.JobFunction;
import dev.forkpool.pool.WorkerPool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Submits, reads, waits for, cancels, deletes and lists jobs. The HTTP layer's only door in. */
public class JobService {

    private final JobStore store;
    private final FunctionCatalog functions;
    private final WorkerPool pool;
    private final JobProperties props;
    private final JobWaiters waiters;
    private final JobEvents events;
    private final String nodeId;
    private final FunctionCosts costs;
    private final Dispatcher dispatcher;
    private final Duration lease;
    private final InsertBatcher inserts;
    private final OwnerQuotas quotas;
    /** Unfinished jobs and items of all owners on all nodes, for the queue bound. */
    private final RecentUsage backlog;

    private final JobIds ids;

    JobService(
            JobStore store,
            FunctionCatalog functions,
            WorkerPool pool,
            JobProperties props,
            JobWaiters waiters,
            JobEvents events,
            String nodeId,
            FunctionCosts costs,
            Dispatcher dispatcher,
            Duration lease,
            InsertBatcher inserts,
            OwnerQuotas quotas,
            java.time.Clock clock) {
        this.quotas = quotas;
        this.store = store;
        this.functions = functions;
        this.pool = pool;
        this.props = props;
        this.waiters = waiters;
        this.events = events;
        this.nodeId = nodeId;
        this.costs = costs;
        this.dispatcher = dispatcher;
        this.lease = lease;
        this.inserts = inserts;
        this.ids = new JobIds(clock);
        this.backlog = new RecentUsage(clock, () -> {
            JobStore.Backlog b = store.backlog();
            return new RecentUsage.Usage(b.jobs(), b.items());
        });
    }

    /** Options a caller may set on a job; null means the default. */
    public record Options(Integer chunkSize, Duration timeout) {}

    /** The function, or a 404-worthy rejection. Call it before reading a large body. */
    public JobFunction function(String name) {
        JobFunction f = functions.find(name);
        if (f == null) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.UNKNOWN_FUNCTION,
                    "no function named '" + name + "'; GET /functions lists them");
        }
        return f;
    }

    public java.util.Collection<JobFunction> functions() {
        return functions.all();
    }

    /** Checks the options against the limits, before the body is read. */
    public void checkOptions(Options options) {
        if (options.chunkSize() != null && (options.chunkSize() < 1 || options.chunkSize() > props.maxChunkSize())) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.INVALID_OPTION,
                    "chunkSize must be from 1 to " + props.maxChunkSize() + ", got " + options.chunkSize());
        }
        Duration t = options.timeout();
        if (t != null && (t.isNegative() || t.isZero() || t.compareTo(props.maxTimeout()) > 0)) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.INVALID_OPTION,
                    "timeout must be more than 0 and at most " + props.maxTimeout() + ", got " + t);
        }
    }

    /** Validates every item against the function's domain, then stores the job and its chunks. */
    public Job submit(String owner, String functionName, List<? extends Number> items, Options options) {
        return submit(owner, functionName, items, options, null);
    }

    /**
     * Submits as {@link #submit(String, String, List, Options)} does, then waits up to {@code wait}
     * (if not null) for the job to finish, and returns it as it is then. The job is durable when
     * this returns; with a wait, the write that makes it so is usually the one that records its
     * results, so a small job pays for one write, not two.
     */
    public Job submit(String owner, String functionName, List<? extends Number> items, Options options, Duration wait) {
        UUID id = ids.next();
        // Registered before the job exists, so its finish cannot slip past unseen: no read of the
        // store to catch a finish that came first.
        CompletableFuture<Job> waiter = wait == null ? null : waiters.await(id, wait);
        JobStore.Inserted inserted;
        try {
            inserted = accept(id, owner, functionName, items, options, wait != null);
        } catch (RuntimeException e) {
            if (waiter != null) {
                waiter.complete(null); // unregisters it
            }
            throw e;
        }
        Job job = inserted.job();
        if (waiter != null && !job.status().finished()) {
            job = parked(waiter, id);
        }
        store.awaitDurable(inserted.durable());
        return job;
    }

    private JobStore.Inserted accept(
            UUID id,
            String owner,
            String functionName,
            List<? extends Number> items,
            Options options,
            boolean deferDurable) {
        JobFunction function = function(functionName);
        checkOptions(options);
        for (int i = 0; i < items.size(); i++) {
            String problem = function.checkInput(items.get(i));
            if (problem != null) {
                throw new JobRejectedException(
                        JobRejectedException.Reason.INVALID_ITEM, "item " + i + " " + problem, i);
            }
        }
        RecentUsage.Usage backlog = this.backlog.current();
        if (queueFull(backlog, items.size())) {
            backlog = this.backlog.reread(); // finishes since the last read are not counted yet
        }
        if (queueFull(backlog, items.size())) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.QUEUE_FULL,
                    "the queue is full (" + backlog.jobs() + " unfinished jobs with " + backlog.items()
                            + " unfinished items; limits " + props.maxActiveJobs() + " jobs and "
                            + props.maxPendingItems() + " items); retry later");
        }
        int chunkSize = options.chunkSize() != null
                ? options.chunkSize()
                : ChunkSizer.size(
                        items.size(),
                        pool.size(),
                        props.chunksPerWorker(),
                        props.maxChunkSize(),
                        props.targetChunkWork().toNanos(),
                        props.maxChunkWork().toNanos(),
                        costs.estimate(function, items));
        long chunks = ((long) items.size() + chunkSize - 1) / chunkSize;
        if (chunks > props.maxChunksPerJob()) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.INVALID_OPTION,
                    "chunkSize " + chunkSize + " would cut " + items.size() + " items into " + chunks
                            + " chunks; the most is " + props.maxChunksPerJob() + ", so use a chunkSize of at least "
                            + ((items.size() + props.maxChunksPerJob() - 1) / props.maxChunksPerJob()));
        }
        Duration timeout = options.timeout() != null ? options.timeout() : props.defaultTimeout();
        JobStore.NewJob newJob = new JobStore.NewJob(
                id, functionName, items.size(), chunkSize, timeout, nodeId, ChunkPlanner.plan(items, chunkSize), owner);
        quotas.check(owner, items.size(), newJob.inputBytes());
        // The fast path: this node's idle workers take the first chunks straight from the insert.
        int granted = dispatcher.reserve(newJob.chunks().size());
        JobStore.Inserted inserted;
        try {
            JobStore.LocalClaim local = new JobStore.LocalClaim(nodeId, granted, lease);
            inserted = inserts.insert(newJob, local);
        } catch (RuntimeException e) {
            dispatcher.unreserve(granted);
            throw e;
        }
        dispatcher.runLocal(inserted.claimed(), granted);
        if (inserted.claimed().size() < newJob.chunks().size()) {
            events.wakeDispatcher();
        }
        this.backlog.add(items.size());
        events.jobSubmitted(inserted.job());
        // After the hand-over: the commit stands whether or not this wait fails, and chunks it
        // claimed for this node must reach its workers, or their lease would be renewed forever.
        if (!deferDurable) {
            store.awaitDurable(inserted.durable());
        }
        return inserted;
    }

    private boolean queueFull(RecentUsage.Usage backlog, int items) {
        return backlog.jobs() >= props.maxActiveJobs() || backlog.items() + items > props.maxPendingItems();
    }

    public Job get(UUID id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The job once it has finished or {@code max} has passed, as it is then. It parks the calling
     * thread, meant to be a request's virtual thread.
     */
    public Job await(Job now, Duration max) {
        if (now.status().finished()) {
            return now;
        }
        CompletableFuture<Job> waiter = waiters.await(now.id(), max);
        // It may have finished before the waiter was registered.
        store.finishedAmong(List.of(now.id())).forEach(id -> waiters.finished(id));
        return parked(waiter, now.id());
    }

    /** Parks until the waiter completes; the finished job it carries, or else the job as it is now. */
    private Job parked(CompletableFuture<Job> waiter, UUID id) {
        Job finished = null;
        try {
            finished = waiter.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // a waiter only ever completes normally; answer with the job as it is
        }
        return finished != null ? finished : get(id);
    }

    /**
     * Cancels an unfinished job: its ready chunks never run and its running chunks' workers are
     * killed. The job-finished event fires once, from the call whose cancel changed the job, even
     * if a concurrent DELETE removes the job meanwhile.
     *
     * @return the cancelled job, or null if this call did not cancel it (finished or gone already)
     */
    public Job cancel(UUID id) {
        Job before = store.find(id).orElse(null);
        if (before == null || !store.cancel(id)) {
            return null;
        }
        pool.cancel(id);
        Job job = store.find(id).orElseGet(() -> before.cancelledAt(java.time.Instant.now()));
        events.jobFinished(job);
        return job;
    }

    /** Deletes a finished job. @return false if it exists but has not finished */
    public boolean delete(UUID id) {
        if (store.delete(id)) {
            return true;
        }
        get(id);
        return false;
    }

    /** Ready and running chunks in the whole store (all nodes), for the queue gauges. */
    public record QueueDepth(long readyChunks, long runningChunks) {}

    public QueueDepth queueDepth() {
        JobStore.ChunkCounts c = store.chunkCounts();
        return new QueueDepth(c.ready(), c.running());
    }

    /** A page of jobs, newest first; only {@code owner}'s, or everyone's if it is null. */
    public List<Job> list(String owner, JobStatus status, Instant beforeCreated, UUID beforeId, int limit) {
        return store.list(owner, status, beforeCreated, beforeId, limit);
    }

    private static JobRejectedException notFound(UUID id) {
        return new JobRejectedException(JobRejectedException.Reason.UNKNOWN_JOB, "no job with id " + id);
    }
}
