package dev.forkpool.pool;

import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/pool}: every worker slot, its process, state and counters. */
@Component
@Endpoint(id = "pool")
class PoolEndpoint {
    private final WorkerPool pool;

    PoolEndpoint(WorkerPool pool) {
        this.pool = pool;
    }

    record PoolView(
            int desired, long alive, long busy, boolean down, String workerCache, List<WorkerSnapshot> workers) {}

    @ReadOperation
    PoolView pool() {
        List<WorkerSnapshot> workers = pool.snapshot();
        return new PoolView(
                pool.size(),
                workers.stream().filter(WorkerSnapshot::alive).count(),
                workers.stream().filter(WorkerSnapshot::busy).count(),
                pool.isBootLooping(),
                pool.workerCache(),
                workers);
    }
}
