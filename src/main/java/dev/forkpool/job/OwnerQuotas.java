package dev.forkpool.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks a new job against its owner's quotas; the owner's usage is read from the shared store.
 *
 * <p>Every submit runs this, so it must not grow with the number of stored jobs. Unfinished jobs
 * and items are read as {@link RecentUsage} (an index range over the owner's unfinished rows, at
 * most every 250 ms, and again before a refusal).
 * Stored bytes, a sum over every retained job of the owner, are read at most once per
 * {@link #BYTES_FRESH} per owner (and once for the global ceiling), and this node adds what it
 * accepts meanwhile. Deletes are not subtracted until the next read, so the figure errs high, and a
 * submit it would refuse reads the sum again first (at most once per {@link #BYTES_REREAD_GAP}).
 * What the bytes quotas can miss is other nodes' submits since the last read.
 */
class OwnerQuotas {
    /**
     * How long a read of stored bytes is trusted before the store is summed again. The sum reads
     * every retained job of the owner: at 1 s, a profile of small jobs at 1,000 jobs/s with the
     * default retention found these sums (this owner's and all owners') taking a fifth of the store's CPU.
     */
    static final Duration BYTES_FRESH = Duration.ofSeconds(10);

    /** The least time between two sums of an owner's bytes, also when a refusal asks for one. */
    static final Duration BYTES_REREAD_GAP = Duration.ofMillis(250);

    private final JdbcClient jdbc;
    private final QuotaProperties quotas;
    private final StorageCeiling ceiling;
    private final Clock clock;
    private final Map<String, StoredBytes> ownerBytes = new ConcurrentHashMap<>();
    private final Map<String, RecentUsage> ownerUsage = new ConcurrentHashMap<>();
    private final StoredBytes allBytes;

    OwnerQuotas(DataSource dataSource, QuotaProperties quotas, StorageCeiling ceiling, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.quotas = quotas;
        this.ceiling = ceiling;
        this.clock = clock;
        this.allBytes = new StoredBytes(ceiling::storedBytes);
    }

    /** An owner's unfinished jobs and their unfinished items, read from the store. */
    RecentUsage.Usage usage(String owner) {
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(pending), 0) FROM " + JobTable.UNFINISHED_OF_OWNER)
                .params(owner, owner)
                .query((rs, n) -> new RecentUsage.Usage(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** Refuses (429) a job of {@code items} items and {@code bytes} input bytes that would take the owner past a quota. */
    void check(String owner, int items, long bytes) {
        RecentUsage recent = ownerUsage.computeIfAbsent(owner, o -> new RecentUsage(clock, () -> usage(o)));
        RecentUsage.Usage u = recent.current();
        if (over(u, items)) {
            u = recent.reread(); // finishes since the last read are not counted yet
        }
        String over = null;
        if (u.jobs() >= quotas.maxActiveJobsPerOwner()) {
            over = u.jobs() + " unfinished jobs (forkpool.quotas.max-active-jobs-per-owner = "
                    + quotas.maxActiveJobsPerOwner() + ")";
        } else if (u.items() + items > quotas.maxPendingItemsPerOwner()) {
            over = u.items() + " unfinished items and this job's " + items
                    + " (forkpool.quotas.max-pending-items-per-owner = " + quotas.maxPendingItemsPerOwner() + ")";
        } else {
            StoredBytes mine = ownerBytes.computeIfAbsent(owner, o -> new StoredBytes(() -> ownerStoredBytes(owner)));
            long stored = mine.current();
            long max = quotas.maxStoredBytesPerOwner().toBytes();
            if (stored + bytes > max) {
                stored = mine.reread(); // deletes since the last read are not subtracted yet
            }
            if (stored + bytes > max) {
                over = stored + " stored bytes and this job's " + bytes
                        + " (forkpool.quotas.max-stored-bytes-per-owner = " + quotas.maxStoredBytesPerOwner()
                        + "; delete finished jobs to free it)";
            }
        }
        if (over != null) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.QUEUE_FULL,
                    "owner '" + owner + "' has " + over + "; retry when some of its jobs have finished");
        }
        // Near the ceiling, ask the ceiling itself: it purges finished jobs early to make room.
        if (allBytes.current() + bytes > quotas.maxStoredBytes().toBytes()) {
            allBytes.forget(); // the ceiling sums the store itself, and may purge
            if (!ceiling.fits(bytes)) {
                throw new JobRejectedException(
                        JobRejectedException.Reason.QUEUE_FULL,
                        "the service stores as many job inputs as it may (forkpool.quotas.max-stored-bytes = "
                                + quotas.maxStoredBytes() + "); retry when running jobs have finished");
            }
        }
        ownerBytes.get(owner).add(bytes);
        allBytes.add(bytes);
        recent.add(items);
    }

    private boolean over(RecentUsage.Usage u, int items) {
        return u.jobs() >= quotas.maxActiveJobsPerOwner() || u.items() + items > quotas.maxPendingItemsPerOwner();
    }

    private long ownerStoredBytes(String owner) {
        return jdbc.sql("SELECT COALESCE(SUM(input_bytes), 0) FROM fp_job WHERE owner = ?")
                .param(owner)
                .query(Long.class)
                .single();
    }

    /** A sum of stored bytes as last read, plus what this node accepted since. */
    private final class StoredBytes {
        private final java.util.function.LongSupplier source;
        private boolean known;
        private long readAt;
        private long bytes;

        StoredBytes(java.util.function.LongSupplier source) {
            this.source = source;
        }

        /** The sum, read again if the last read is older than {@link #BYTES_FRESH}. */
        synchronized long current() {
            return fresherThan(BYTES_FRESH);
        }

        /** The sum read again now, unless the last read is more recent than {@link #BYTES_REREAD_GAP}. */
        synchronized long reread() {
            return fresherThan(BYTES_REREAD_GAP);
        }

        private long fresherThan(Duration age) {
            long now = clock.millis();
            // Not "readAt = Long.MIN_VALUE" for never read: now - MIN_VALUE overflows to a negative
            // age, and the store was then never read, so a forgotten sum was never read again.
            if (!known || now - readAt >= age.toMillis() || now < readAt) {
                bytes = source.getAsLong();
                readAt = now;
                known = true;
            }
            return bytes;
        }

        synchronized void add(long more) {
            bytes += more;
        }

        synchronized void forget() {
            known = false;
        }
    }
}
