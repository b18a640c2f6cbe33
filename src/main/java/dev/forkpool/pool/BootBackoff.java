package dev.forkpool.pool;

import java.time.Duration;

/**
 * Failed worker starts in a row, and how long to wait before the next try: the delay doubles
 * from {@code boot-backoff} up to {@code max-boot-backoff}, and past {@code boot-failures-until-down}
 * the pool reports DOWN instead of spinning (Gunicorn's boot error). One good start resets it.
 */
final class BootBackoff {
    private final Duration first;
    private final Duration max;
    private final int untilDown;
    private int failuresInARow;

    BootBackoff(Duration first, Duration max, int untilDown) {
        this.first = first;
        this.max = max;
        this.untilDown = untilDown;
    }

    /** Counts a failed start. @return the delay before the next try */
    synchronized Duration failed() {
        failuresInARow++;
        long millis = first.toMillis() << Math.min(failuresInARow - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    synchronized void succeeded() {
        failuresInARow = 0;
    }

    synchronized int failuresInARow() {
        return failuresInARow;
    }

    synchronized boolean down() {
        return failuresInARow >= untilDown;
    }
}
