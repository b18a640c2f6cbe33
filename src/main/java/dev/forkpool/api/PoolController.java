package dev.forkpool.api;

import dev.forkpool.job.JobRejectedException;
import dev.forkpool.job.JobService;
import dev.forkpool.metrics.CoreUtilizationSampler;
import dev.forkpool.pool.ExitReason;
import dev.forkpool.pool.WorkerPool;
import dev.forkpool.pool.WorkerSnapshot;
import dev.forkpool.security.Caller;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /pool}: the worker slots and the per-core utilisation, for the jobs page. It lives on
 * the API port (unlike {@code /actuator/pool}) so a page that reaches the API reaches it too.
 *
 * <p>Any valid key may read it. Only an admin (or everyone, when no keys are configured) sees the
 * workers' pids, and the chunks of every owner's jobs; anyone else sees no pid and only the chunks
 * of its own owner's jobs, so the view confirms no other owner's job id.
 */
@RestController
class PoolController {
    private final WorkerPool pool;
    private final CoreUtilizationSampler cores;
    private final JobService jobs;

    PoolController(WorkerPool pool, CoreUtilizationSampler cores, JobService jobs) {
        this.pool = pool;
        this.cores = cores;
        this.jobs = jobs;
    }

    /**
     * The workers and the cores.
     *
     * @param workers every slot, in slot order
     * @param cores every logical CPU of the host, from the same sampler as the per-core gauge
     */
    record PoolView(List<WorkerView> workers, List<CoreView> cores) {}

    /**
     * One worker slot.
     *
     * @param pid its current process, or null between processes (always null for a caller that is
     *     not an admin)
     * @param tasks chunks completed in this slot, over all its processes
     * @param restarts processes replaced in this slot, by reason ({@code crash}, {@code timeout},
     *     {@code recycle}, {@code cancel}), every reason present
     * @param running the chunks it holds now (for a caller that is not an admin, only those of
     *     its own owner's jobs)
     */
    record WorkerView(
            int slot, String state, Long pid, long tasks, Map<String, Long> restarts, List<RunningView> running) {}

    /**
     * A chunk on a worker: its job, the index of its first item, and whether the worker has
     * started it (false: prefetched, queued behind the one it runs).
     */
    record RunningView(UUID jobId, int startIndex, boolean started) {}

    /** One logical CPU: its busy share, 0 to 1, over the last sample interval. */
    record CoreView(int core, double utilization) {}

    @GetMapping("/pool")
    PoolView pool() {
        Caller caller = Caller.current();
        Predicate<UUID> visible = caller.seesAll() ? id -> true : ownedBy(caller);
        List<WorkerView> workers = pool.snapshot().stream()
                .map(s -> worker(s, caller.seesAll(), visible))
                .toList();
        double[] busy = cores.utilizations();
        List<CoreView> perCore = IntStream.range(0, busy.length)
                .mapToObj(i -> new CoreView(i, busy[i]))
                .toList();
        return new PoolView(workers, perCore);
    }

    /**
     * Whether a job belongs to the caller's owner; each job is read once per request (a few at
     * most: one per chunk a worker holds). A job gone meanwhile is not shown.
     */
    private Predicate<UUID> ownedBy(Caller caller) {
        Map<UUID, Boolean> owned = new HashMap<>();
        return id -> owned.computeIfAbsent(id, j -> {
            try {
                return caller.sees(jobs.get(j).owner());
            } catch (JobRejectedException gone) {
                return false;
            }
        });
    }

    private static WorkerView worker(WorkerSnapshot s, boolean showPid, Predicate<UUID> visible) {
        Map<String, Long> restarts = new LinkedHashMap<>();
        for (ExitReason reason : ExitReason.values()) {
            restarts.put(reason.tag(), s.restarts().getOrDefault(reason, 0L));
        }
        List<RunningView> running = s.inFlight().stream()
                .filter(c -> visible.test(c.jobId()))
                .map(c -> new RunningView(c.jobId(), c.startIndex(), c.started()))
                .toList();
        return new WorkerView(s.slot(), s.state(), showPid ? s.pid() : null, s.tasksDone(), restarts, running);
    }
}
