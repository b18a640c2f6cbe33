package dev.forkpool.pool;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN once workers have failed to start too many times in a row, as Gunicorn's boot error: a
 * pool that cannot start workers must say so rather than spin. Workers being replaced after a
 * crash leave the pool UP, with the count alive in the details.
 */
@Component("pool")
class PoolHealthIndicator implements HealthIndicator {
    private final WorkerPool pool;

    PoolHealthIndicator(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        long alive = pool.snapshot().stream().filter(WorkerSnapshot::alive).count();
        Health.Builder builder = pool.isBootLooping() ? Health.down() : Health.up();
        return builder.withDetail("desired", pool.size())
                .withDetail("alive", alive)
                .withDetail("failedStartsInARow", pool.bootFailuresInARow())
                .build();
    }
}
