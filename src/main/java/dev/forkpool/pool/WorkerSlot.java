package dev.forkpool.pool;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** A fixed place in the pool that successive worker processes occupy. Guarded by the pool's lock. */
final class WorkerSlot {
    final int index;
    WorkerProcess worker;
    SlotState state = SlotState.STARTING;
    long tasksDone;
    long cpuNanos;
    int recycleAfter;
    Duration lastHandshake;
    private final Map<ExitReason, Long> restarts = new EnumMap<>(ExitReason.class);

    WorkerSlot(int index) {
        this.index = index;
    }

    /**
     * Chunks a new process in this slot runs before it is recycled: the limit plus up to 10%
     * jitter, so workers started together do not all restart together; 0 means never.
     */
    static int recycleAfter(int maxTasks) {
        if (maxTasks == 0) {
            return Integer.MAX_VALUE;
        }
        return maxTasks + java.util.concurrent.ThreadLocalRandom.current().nextInt(maxTasks / 10 + 1);
    }

    void countRestart(ExitReason reason) {
        restarts.merge(reason, 1L, Long::sum);
    }

    Map<ExitReason, Long> restartCounts() {
        return Map.copyOf(restarts);
    }
}
