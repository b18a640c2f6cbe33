package dev.forkpool.job;

import dev.forkpool.pool.WorkerPool;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code forkpool.jobs.max-job-cpu}: a job whose chunks have used more worker CPU than that ends
 * FAILED with the reason, its ready chunks never run and the workers running its chunks here are
 * killed, so one job cannot hold the pool for hours. Checked after each chunk it completes.
 */
class CpuCap {
    private static final Logger log = LoggerFactory.getLogger(CpuCap.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Duration max;
    private final JobStore store;
    private final WorkerPool pool;
    private final JobEvents events;
    private final Clock clock;

    CpuCap(
            DataSource dataSource,
            TransactionTemplate tx,
            Duration max,
            JobStore store,
            WorkerPool pool,
            JobEvents events,
            Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = tx;
        this.max = max;
        this.store = store;
        this.pool = pool;
        this.events = events;
        this.clock = clock;
    }

    /** Fails the job if it is past its cap. @return whether this call failed it */
    boolean enforce(UUID jobId) {
        if (max.isZero()) {
            return false;
        }
        String reason = "the job used more than " + max + " of worker CPU (forkpool.jobs.max-job-cpu); its"
                + " remaining chunks were stopped";
        boolean failed = Boolean.TRUE.equals(tx.execute(s -> {
            int changed = jdbc.sql("UPDATE fp_job SET status = 'FAILED', finished_at = ?, failure_reason = ?"
                            + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING') AND cpu_nanos > ?")
                    .params(clock.millis(), reason, jobId, max.toNanos())
                    .update();
            if (changed == 0) {
                return false;
            }
            jdbc.sql("UPDATE fp_chunk SET state = 'CANCELLED', lease_owner = NULL, lease_until = NULL"
                            + " WHERE job_id = ? AND state IN ('READY', 'RUNNING')")
                    .param(jobId)
                    .update();
            return true;
        }));
        if (failed) {
            log.warn("job {} failed: {}", jobId, reason);
            pool.cancel(jobId);
            store.find(jobId).ifPresent(events::jobFinished);
        }
        return failed;
    }
}
