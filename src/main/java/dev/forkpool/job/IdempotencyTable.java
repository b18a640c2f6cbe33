package dev.forkpool.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Idempotency keys of submits ({@code fp_idempotency}), in the shared store so that a retry on
 * another node or after a restart finds the first attempt. The row is written before the request
 * body is read, so a retry that arrives while the first attempt is still being accepted sees it.
 */
public class IdempotencyTable {
    /** How often a begin also deletes every expired row, so the table stays small. */
    private static final int PURGE_EVERY = 256;

    private final JdbcClient jdbc;
    private final JobStore store;
    private final Clock clock;
    private final Duration keep;
    private final Duration abandonAfter;
    private final AtomicInteger begins = new AtomicInteger();

    /**
     * @param keep how long a key is remembered (24 h)
     * @param abandonAfter how long an attempt may stay unfinished before its key is free again (its
     *     node died between taking the key and storing the job)
     */
    public IdempotencyTable(DataSource dataSource, JobStore store, Clock clock, Duration keep, Duration abandonAfter) {
        this.jdbc = JdbcClient.create(dataSource);
        this.store = store;
        this.clock = clock;
        this.keep = keep;
        this.abandonAfter = abandonAfter;
    }

    /** What an earlier request with the same key left. */
    public sealed interface Earlier {}

    /** The earlier request is still being accepted. */
    public record InProgress() implements Earlier {}

    /** The earlier request was accepted as this job, for a request with this hash. */
    public record Accepted(String requestHash, UUID jobId) implements Earlier {}

    /**
     * Takes the key for a new request.
     *
     * @return empty if the key is now this request's; else what the earlier request left
     */
    public Optional<Earlier> begin(String owner, String key) {
        long now = clock.millis();
        if (begins.incrementAndGet() % PURGE_EVERY == 0) {
            jdbc.sql("DELETE FROM fp_idempotency WHERE created_at < ?")
                    .param(now - keep.toMillis())
                    .update();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                jdbc.sql("INSERT INTO fp_idempotency (owner, idem_key, created_at) VALUES (?, ?, ?)")
                        .params(owner, key, now)
                        .update();
                return Optional.empty();
            } catch (DuplicateKeyException taken) {
                record Row(String hash, UUID jobId, long createdAt) {}
                Optional<Row> row = jdbc.sql("SELECT request_hash, job_id, created_at FROM fp_idempotency"
                                + " WHERE owner = ? AND idem_key = ?")
                        .params(owner, key)
                        .query((rs, n) -> new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getLong(3)))
                        .optional();
                if (row.isEmpty()) {
                    continue; // removed meanwhile: try again
                }
                Row r = row.get();
                boolean expired = r.createdAt() < now - keep.toMillis();
                boolean abandoned = r.jobId() == null && r.createdAt() < now - abandonAfter.toMillis();
                if (expired || abandoned) {
                    jdbc.sql("DELETE FROM fp_idempotency WHERE owner = ? AND idem_key = ? AND created_at = ?")
                            .params(owner, key, r.createdAt())
                            .update();
                    continue;
                }
                return Optional.of(r.jobId() == null ? new InProgress() : new Accepted(r.hash(), r.jobId()));
            }
        }
        return Optional.of(new InProgress());
    }

    /** Records the job the key's request was accepted as. */
    public void complete(String owner, String key, String requestHash, UUID jobId) {
        jdbc.sql("UPDATE fp_idempotency SET request_hash = ?, job_id = ? WHERE owner = ? AND idem_key = ?")
                .params(requestHash, jobId, owner, key)
                .update();
        // A replay after a kill must find the job the client was answered with.
        store.awaitDurable(); // the job store's group writes cover this table too
    }

    /** Frees the key of a request that was refused, so that a corrected retry may use it. */
    public void abandon(String owner, String key) {
        jdbc.sql("DELETE FROM fp_idempotency WHERE owner = ? AND idem_key = ? AND job_id IS NULL")
                .params(owner, key)
                .update();
    }
}
