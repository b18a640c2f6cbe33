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
 * Stored bytes, a sum over every retained job, are read at most once per {@link #BYTES_FRESH} per
 * owner (and once for the global ceiling), and this node adds what it accepts meanwhile: the bytes
 * quotas may thus let other nodes' submits of the last moment through, never more than that.
 */
class OwnerQuotas {
    /** How long a read of stored bytes is trusted before the store is summed again. */
    static final Duration BYTES_FRESH = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final QuotaProperties quotas;
    private final StorageCeiling ceiling;
    private final Clock clock;
    private final Map<String, StoredBytes> ownerBytes = new ConcurrentHashMap<>();
    private final Map<String, RecentUsage> ownerUsage = new ConcurrentHashMap<>();
    private final StoredBytes allBytes = new StoredBytes();

    OwnerQuotas(DataSource dataSource, QuotaProperties quotas, StorageCeiling ceiling, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.quotas = quotas;
        this.ceiling = ceiling;
        this.clock = clock;
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
            StoredBytes mine = ownerBytes.computeIfAbsent(owner, o -> new StoredBytes());
            long stored = mine.current(() -> ownerStoredBytes(owner));
            if (stored + bytes > quotas.maxStoredBytesPerOwner().toBytes()) {
                mine.forget(); // re-read next time: deletes may have freed room meanwhile
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
        if (allBytes.current(ceiling::storedBytes) + bytes
                > quotas.maxStoredBytes().toBytes()) {
            allBytes.forget();
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
        private boolean known;
        private long readAt;
        private long bytes;

        synchronized long current(java.util.function.LongSupplier read) {
            long now = clock.millis();
            // Not "readAt = Long.MIN_VALUE" for never read: now - MIN_VALUE overflows to a negative
            // age, and the store was then never read, so a forgotten sum was never read again.
            if (!known || now - readAt >= BYTES_FRESH.toMillis() || now < readAt) {
                bytes = read.getAsLong();
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
