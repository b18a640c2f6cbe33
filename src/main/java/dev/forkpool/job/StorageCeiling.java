package dev.forkpool.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code forkpool.quotas.max-stored-bytes}: a ceiling on the stored inputs of all jobs, so that no
 * mix of clients fills the disk. Past it, retention deletes finished jobs early, oldest first,
 * and says so in the log and in {@code forkpool.retention.purged.early}; if unfinished jobs alone
 * are past it, submits get 429 until they finish.
 */
class StorageCeiling {
    private static final Logger log = LoggerFactory.getLogger(StorageCeiling.class);
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final JobStore store;
    private final long max;
    private final Counter purgedEarly;

    StorageCeiling(DataSource dataSource, JobStore store, long max, MeterRegistry meters) {
        this.jdbc = JdbcClient.create(dataSource);
        this.store = store;
        this.max = max;
        this.purgedEarly = Counter.builder("forkpool.retention.purged.early")
                .description("Finished jobs deleted before their retention ran out because the stored bytes"
                        + " reached forkpool.quotas.max-stored-bytes")
                .register(meters);
    }

    long storedBytes() {
        return jdbc.sql("SELECT COALESCE(SUM(input_bytes), 0) FROM fp_job")
                .query(Long.class)
                .single();
    }

    /** Whether {@code more} bytes still fit, after purging finished jobs early if that makes room. */
    boolean fits(long more) {
        return storedBytes() + more <= max || enforce(more) && storedBytes() + more <= max;
    }

    /**
     * Deletes the oldest finished jobs until {@code more} bytes fit under the ceiling or none is left.
     *
     * @return whether anything was deleted
     */
    boolean enforce(long more) {
        long stored = storedBytes();
        int total = 0;
        while (stored + more > max) {
            // Just enough of the oldest finished jobs to make room, in one purge transaction.
            long excess = stored + more - max;
            List<long[]> oldest = jdbc.sql("SELECT finished_at, input_bytes FROM fp_job"
                            + " WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') ORDER BY finished_at LIMIT ?")
                    .param(BATCH)
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .list();
            if (oldest.isEmpty()) {
                break;
            }
            int n = 0;
            long freed = 0;
            while (n < oldest.size() && freed < excess) {
                freed += oldest.get(n++)[1];
            }
            int deleted = store.purgeFinished(Instant.ofEpochMilli(oldest.get(n - 1)[0] + 1), n);
            if (deleted == 0) {
                break;
            }
            total += deleted;
            stored = storedBytes();
        }
        if (total > 0) {
            purgedEarly.increment(total);
            log.warn(
                    "stored job inputs reached forkpool.quotas.max-stored-bytes ({} bytes): deleted the {} oldest"
                            + " finished jobs before their retention ran out; {} bytes stored now",
                    max,
                    total,
                    stored);
        }
        return total > 0;
    }
}
