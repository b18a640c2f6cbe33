package dev.forkpool.job;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Checks a new job against its owner's quotas; the owner's usage is read from the shared store. */
class OwnerQuotas {
    private final JdbcClient jdbc;
    private final QuotaProperties quotas;
    private final StorageCeiling ceiling;

    OwnerQuotas(DataSource dataSource, QuotaProperties quotas, StorageCeiling ceiling) {
        this.jdbc = JdbcClient.create(dataSource);
        this.quotas = quotas;
        this.ceiling = ceiling;
    }

    /** An owner's unfinished jobs, their unfinished items, and the input bytes of all its stored jobs. */
    record Usage(long activeJobs, long pendingItems, long storedBytes) {}

    Usage usage(String owner) {
        return jdbc.sql("SELECT COALESCE(SUM(CASE WHEN status IN ('QUEUED', 'RUNNING') THEN 1 ELSE 0 END), 0),"
                        + " COALESCE(SUM(CASE WHEN status IN ('QUEUED', 'RUNNING')"
                        + " THEN total_items - completed_items - failed_items ELSE 0 END), 0),"
                        + " COALESCE(SUM(input_bytes), 0) FROM fp_job WHERE owner = ?")
                .param(owner)
                .query((rs, n) -> new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    /** Refuses (429) a job of {@code items} items and {@code bytes} input bytes that would take the owner past a quota. */
    void check(String owner, int items, long bytes) {
        Usage u = usage(owner);
        String over = null;
        if (u.activeJobs() >= quotas.maxActiveJobsPerOwner()) {
            over = u.activeJobs() + " unfinished jobs (forkpool.quotas.max-active-jobs-per-owner = "
                    + quotas.maxActiveJobsPerOwner() + ")";
        } else if (u.pendingItems() + items > quotas.maxPendingItemsPerOwner()) {
            over = u.pendingItems() + " unfinished items and this job's " + items
                    + " (forkpool.quotas.max-pending-items-per-owner = " + quotas.maxPendingItemsPerOwner() + ")";
        } else if (u.storedBytes() + bytes > quotas.maxStoredBytesPerOwner().toBytes()) {
            over = u.storedBytes() + " stored bytes and this job's " + bytes
                    + " (forkpool.quotas.max-stored-bytes-per-owner = " + quotas.maxStoredBytesPerOwner()
                    + "; delete finished jobs to free it)";
        }
        if (over != null) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.QUEUE_FULL,
                    "owner '" + owner + "' has " + over + "; retry when some of its jobs have finished");
        }
        if (!ceiling.fits(bytes)) {
            throw new JobRejectedException(
                    JobRejectedException.Reason.QUEUE_FULL,
                    "the service stores as many job inputs as it may (forkpool.quotas.max-stored-bytes = "
                            + quotas.maxStoredBytes() + "); retry when running jobs have finished");
        }
    }
}
