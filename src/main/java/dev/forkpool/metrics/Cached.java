package dev.forkpool.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** A value read at most once per time-to-live; concurrent callers share one read. */
final class Cached<T> implements Supplier<T> {
    private final Supplier<T> source;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private T value;
    private long readAt;

    Cached(Supplier<T> source, Duration ttl, LongSupplier nanoTime) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized T get() {
        long now = nanoTime.getAsLong();
        if (value == null || now - readAt >= ttlNanos) {
            value = source.get();
            readAt = now;
        }
        return value;
    }
}
