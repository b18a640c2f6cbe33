package dev.forkpool.job;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Unfinished jobs and items as last read from the store, plus what this node accepted since, so
 * that a submit need not count the store's unfinished rows each time (a profile of small jobs
 * showed the counts costing more than the insert).
 *
 * <p>Finishes are not subtracted until the next read, so between reads the figure only errs high;
 * a caller that finds a limit reached reads again before it refuses ({@link #reread}). What it can
 * miss is other nodes' submits since the last read: at most {@link #FRESH} of them get past a
 * limit.
 */
final class RecentUsage {
    /** How long a read is trusted. */
    static final Duration FRESH = Duration.ofMillis(250);

    /** Unfinished jobs and their unfinished items. */
    record Usage(long jobs, long items) {}

    private final Clock clock;
    private final Supplier<Usage> source;
    private boolean read;
    private long readAt;
    private long jobs;
    private long items;

    RecentUsage(Clock clock, Supplier<Usage> read) {
        this.clock = clock;
        this.source = read;
    }

    /** The usage, read again if the last read is older than {@link #FRESH}. */
    synchronized Usage current() {
        long now = clock.millis();
        // (A first "never read" readAt of Long.MIN_VALUE would overflow now - readAt.)
        if (!read || now - readAt >= FRESH.toMillis() || now < readAt) {
            return reread();
        }
        return new Usage(jobs, items);
    }

    /** The usage read from the store now. */
    synchronized Usage reread() {
        Usage u = source.get();
        read = true;
        readAt = clock.millis();
        jobs = u.jobs();
        items = u.items();
        return u;
    }

    /** Counts a job this node has just accepted. */
    synchronized void add(long moreItems) {
        jobs++;
        items += moreItems;
    }
}
