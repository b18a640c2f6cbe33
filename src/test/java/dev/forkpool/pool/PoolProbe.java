package dev.forkpool.pool;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Reads a live {@link WorkerPool} for the isolation tests. */
final class PoolProbe {
    private final WorkerPool pool;

    PoolProbe(WorkerPool pool) {
        this.pool = pool;
    }

    List<WorkerSnapshot> slots() {
        return pool.snapshot();
    }

    WorkerSnapshot slot(int index) {
        return slots().get(index);
    }

    /** Waits until every slot has a live, idle process. */
    List<WorkerSnapshot> awaitAllIdle(Duration atMost) {
        await().atMost(atMost)
                .until(() ->
                        slots().stream().allMatch(s -> s.alive() && s.state().equals("IDLE") && isAlive(s.pid())));
        return slots();
    }

    /** Waits until some worker runs a chunk of the job; returns that slot as it was then. */
    WorkerSnapshot awaitBusyWith(UUID jobId, Duration atMost) {
        WorkerSnapshot[] found = new WorkerSnapshot[1];
        await().atMost(atMost).until(() -> {
            found[0] = busyWith(jobId).stream().findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    List<WorkerSnapshot> busyWith(UUID jobId) {
        return slots().stream().filter(s -> jobId.equals(s.jobId())).toList();
    }

    long restarts(ExitReason reason) {
        return slots().stream()
                .mapToLong(s -> s.restarts().getOrDefault(reason, 0L))
                .sum();
    }

    List<Long> pids() {
        return slots().stream()
                .map(WorkerSnapshot::pid)
                .filter(Objects::nonNull)
                .toList();
    }

    static boolean isAlive(Long pid) {
        return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static Optional<ProcessHandle> process(long pid) {
        return ProcessHandle.of(pid);
    }
}
