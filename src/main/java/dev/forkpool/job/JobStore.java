package dev.forkpool.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs and chunks in JDBC, on H2 or PostgreSQL. Every state change of a chunk is one guarded
 * UPDATE, so a result that arrives after its claim was lost (lease expired, job cancelled) changes
 * nothing and is not counted twice.
 */
public class JobStore {
    static final String JOB_COLUMNS = "id, function_name, status, total_items, completed_items, failed_items,"
            + " chunk_size, chunk_count, timeout_ms, cpu_nanos, submitted_on, created_at, started_at, finished_at, owner,"
            + " failure_reason";

    /** What a worker needs of a job besides the chunk. */
    private record RunSpec(String function, Duration timeout) {}

    /** Jobs this node has marked RUNNING, most recent last; bounded, so it forgets old jobs. */
    private final Map<UUID, RunSpec> runSpecs =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, RunSpec> eldest) {
                    return size() > 4096;
                }
            });

    /** How often a claim chooses again after losing every chosen row to another claimer. */
    private static final int MAX_CLAIM_ROUNDS = 16;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final SqlDialect dialect;
    private final Clock clock;

    JobStore(DataSource dataSource, TransactionTemplate tx, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.tx = tx;
        this.dialect = SqlDialect.of(dataSource);
        this.clock = clock;
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** A job to insert; chunk i covers items [starts[i], starts[i] + inputs[i].count). */
    record NewJob(
            UUID id,
            String function,
            int total,
            int chunkSize,
            Duration timeout,
            String submittedOn,
            List<NewChunk> chunks,
            String owner) {}

    record NewChunk(int startIndex, int itemCount, byte[] input) {}

    /** Inserts the job and all its chunks in one transaction; the job is QUEUED, or SUCCEEDED if empty. */
    Job insert(NewJob job) {
        long now = clock.millis();
        JobStatus status = job.total() == 0 ? JobStatus.SUCCEEDED : JobStatus.QUEUED;
        tx.executeWithoutResult(s -> {
            long inputBytes = 0;
            for (NewChunk c : job.chunks()) {
                inputBytes += c.input().length;
            }
            jdbc.sql("INSERT INTO fp_job (" + JOB_COLUMNS
                            + ", input_bytes) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, 0, ?, ?, ?, ?, ?, NULL, ?)")
                    .params(
                            job.id(),
                            job.function(),
                            status.name(),
                            job.total(),
                            job.chunkSize(),
                            job.chunks().size(),
                            job.timeout().toMillis(),
                            job.submittedOn(),
                            now,
                            status.finished() ? now : null,
                            status.finished() ? now : null,
                            job.owner(),
                            inputBytes)
                    .update();
            // New chunks join the round-robin at the turn being served now, one turn per chunk,
            // so they alternate with the chunks of jobs already queued instead of waiting behind them.
            long turn = jdbc.sql("SELECT COALESCE(MIN(turn), 0) FROM fp_chunk WHERE state = 'READY'")
                    .query(Long.class)
                    .single();
            // Owners first: the owner's unfinished jobs (this one included) share the owner's turns.
            int ownerJobs = jdbc.sql("SELECT COUNT(*) FROM fp_job WHERE owner = ? AND status IN ('QUEUED', 'RUNNING')")
                    .param(job.owner())
                    .query(Integer.class)
                    .single();
            List<Object[]> rows = new ArrayList<>(job.chunks().size());
            for (int k = 0; k < job.chunks().size(); k++) {
                NewChunk c = job.chunks().get(k);
                rows.add(new Object[] {
                    job.id(), c.startIndex(), c.itemCount(), FairTurns.turn(turn, k, ownerJobs), c.input()
                });
            }
            template.batchUpdate(
                    "INSERT INTO fp_chunk (job_id, start_index, item_count, turn, state, attempts, claims,"
                            + " failed_count, input) VALUES (?, ?, ?, ?, 'READY', 0, 0, 0, ?)",
                    rows);
        });
        return find(job.id()).orElseThrow();
    }

    Optional<Job> find(UUID id) {
        Optional<Job> job = jdbc.sql("SELECT " + JOB_COLUMNS + " FROM fp_job WHERE id = ?")
                .param(id)
                .query(JobStore::mapJob)
                .optional();
        return job.map(j -> j.withNodes(nodesOf(id)));
    }

    private List<String> nodesOf(UUID id) {
        return jdbc.sql("SELECT DISTINCT ran_on FROM fp_chunk WHERE job_id = ? AND ran_on IS NOT NULL ORDER BY ran_on")
                .param(id)
                .query(String.class)
                .list();
    }

    /** Newest first. The cursor is the last job of the previous page. */
    List<Job> list(String owner, JobStatus status, Instant beforeCreated, UUID beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + JOB_COLUMNS + " FROM fp_job WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (owner != null) {
            sql.append(" AND owner = ?");
            params.add(owner);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status.name());
        }
        if (beforeCreated != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.add(beforeCreated.toEpochMilli());
            params.add(beforeCreated.toEpochMilli());
            params.add(beforeId);
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        // list(), not stream(): an unclosed query stream keeps its pooled connection forever.
        return jdbc.sql(sql.toString()).params(params).query(JobStore::mapJob).list().stream()
                .map(j -> j.withNodes(nodesOf(j.id())))
                .toList();
    }

    /** Unfinished jobs and their unfinished items, for the queue bound. */
    record Backlog(long jobs, long items) {}

    Backlog backlog() {
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(total_items - completed_items - failed_items), 0)"
                        + " FROM fp_job WHERE status IN ('QUEUED', 'RUNNING')")
                .query((rs, n) -> new Backlog(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** Ready and running chunks in the whole store, for the queue gauges. */
    record ChunkCounts(long ready, long running) {}

    ChunkCounts chunkCounts() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT state, COUNT(*) FROM fp_chunk WHERE state IN ('READY', 'RUNNING') GROUP BY state")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return new ChunkCounts(counts.getOrDefault("READY", 0L), counts.getOrDefault("RUNNING", 0L));
    }

    /**
     * Claims up to {@code max} ready chunks for this node, fairly across jobs: lowest turn first,
     * and the turns of jobs interleave.
     */
    List<ClaimedChunk> claim(String node, int max, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        record Row(UUID jobId, int start, int count, int claims, int attempts, byte[] input) {}
        long now = clock.millis();
        // The claim's transaction touches chunk rows only, never a job row, so it cannot deadlock
        // with a cancel or a completion, which take the job row first and the chunk row second.
        List<Row> rows = tx.execute(s -> {
            // Without a lock on the select (H2), a concurrent claimer may take every row we chose;
            // then choose again, so an empty claim always means nothing was ready.
            for (int round = 0; ; round++) {
                List<Row> ready = jdbc.sql("SELECT job_id, start_index, item_count, claims, attempts, input"
                                // state leads the ORDER BY, though constant, so that H2 reads the
                                // claim-order index in order and stops at LIMIT instead of sorting.
                                + " FROM fp_chunk WHERE state = 'READY' ORDER BY state, turn, job_id, start_index"
                                + " LIMIT ?" + dialect.claimLockClause)
                        .param(max)
                        .query((rs, n) -> new Row(
                                rs.getObject(1, UUID.class),
                                rs.getInt(2),
                                rs.getInt(3),
                                rs.getInt(4),
                                rs.getInt(5),
                                rs.getBytes(6)))
                        .list();
                List<Object[]> updates = new ArrayList<>(ready.size());
                for (Row r : ready) {
                    updates.add(new Object[] {node, now + lease.toMillis(), node, r.jobId(), r.start()});
                }
                int[] counts = template.batchUpdate(
                        "UPDATE fp_chunk SET state = 'RUNNING', lease_owner = ?, lease_until = ?,"
                                + " claims = claims + 1, ran_on = ?"
                                + " WHERE job_id = ? AND start_index = ? AND state = 'READY'",
                        updates);
                // Only the rows this update moved are ours; see SqlDialect.claimLockClause.
                List<Row> won = new ArrayList<>(ready.size());
                for (int k = 0; k < ready.size(); k++) {
                    if (counts[k] != 0) {
                        won.add(ready.get(k));
                    }
                }
                if (!won.isEmpty() || ready.isEmpty() || round == MAX_CLAIM_ROUNDS) {
                    return won;
                }
            }
        });
        if (rows.isEmpty()) {
            return List.of();
        }
        // Marking the jobs RUNNING is a separate, idempotent step after the claim has committed.
        // A job's function and timeout never change, so once it is marked they come from memory.
        Set<UUID> jobIds = new TreeSet<>();
        rows.forEach(r -> jobIds.add(r.jobId()));
        Map<UUID, RunSpec> jobs = new HashMap<>();
        for (UUID id : jobIds) {
            RunSpec spec = runSpecs.get(id);
            if (spec == null) {
                jdbc.sql("UPDATE fp_job SET status = 'RUNNING', started_at = ? WHERE id = ? AND status = 'QUEUED'")
                        .params(now, id)
                        .update();
                spec = jdbc.sql("SELECT function_name, timeout_ms FROM fp_job WHERE id = ?")
                        .param(id)
                        .query((rs, n) -> new RunSpec(rs.getString(1), Duration.ofMillis(rs.getLong(2))))
                        .optional()
                        .orElse(null);
                if (spec != null) {
                    runSpecs.put(id, spec);
                }
            }
            if (spec != null) {
                jobs.put(id, spec);
            }
        }
        List<ClaimedChunk> claimed = new ArrayList<>(rows.size());
        for (Row r : rows) {
            RunSpec job = jobs.get(r.jobId());
            if (job == null) {
                continue; // deleted meanwhile, and its chunks with it
            }
            claimed.add(new ClaimedChunk(
                    new ChunkRef(r.jobId(), r.start(), r.claims() + 1),
                    r.count(),
                    r.attempts(),
                    r.input(),
                    job.function(),
                    job.timeout()));
        }
        return claimed;
    }

    /** What a completion did. */
    enum Completion {
        /** The claim was no longer valid (lease lost, job cancelled); nothing changed. */
        DISCARDED,
        /** Counted; the job goes on. */
        COUNTED,
        /** Counted, and it was the job's last chunk. */
        FINISHED
    }

    /** Records a chunk's outputs, once. */
    Completion complete(ChunkRef ref, String node, byte[] output, int itemCount, int failed, long cpuNanos) {
        return tx.execute(s -> {
            // Job row first, as cancel does, so a completion and a cancel never wait on each other in a cycle.
            if (!lockJob(ref.jobId())) {
                return Completion.DISCARDED;
            }
            int changed = jdbc.sql("UPDATE fp_chunk SET state = 'DONE', output = ?, failed_count = ?,"
                            + " lease_owner = NULL, lease_until = NULL"
                            + " WHERE job_id = ? AND start_index = ? AND claims = ? AND state = 'RUNNING'"
                            + " AND lease_owner = ?")
                    .params(output, failed, ref.jobId(), ref.startIndex(), ref.claim(), node)
                    .update();
            if (changed == 0) {
                return Completion.DISCARDED;
            }
            jdbc.sql("UPDATE fp_job SET completed_items = completed_items + ?, failed_items = failed_items + ?,"
                            + " cpu_nanos = cpu_nanos + ? WHERE id = ?")
                    .params(itemCount - failed, failed, cpuNanos, ref.jobId())
                    .update();
            int finished = jdbc.sql("UPDATE fp_job SET finished_at = ?,"
                            + " status = CASE WHEN failed_items > 0 THEN 'FAILED' ELSE 'SUCCEEDED' END"
                            + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')"
                            + " AND completed_items + failed_items = total_items")
                    .params(clock.millis(), ref.jobId())
                    .update();
            return finished == 1 ? Completion.FINISHED : Completion.COUNTED;
        });
    }

    private boolean lockJob(UUID id) {
        return jdbc.sql("SELECT id FROM fp_job WHERE id = ? FOR UPDATE")
                .param(id)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .optional()
                .isPresent();
    }

    /** Puts a claimed chunk back to ready, recording how many times it has killed a worker. */
    boolean release(ChunkRef ref, String node, int attempts) {
        return jdbc.sql("UPDATE fp_chunk SET state = 'READY', attempts = ?, lease_owner = NULL, lease_until = NULL"
                                + " WHERE job_id = ? AND start_index = ? AND claims = ? AND state = 'RUNNING'"
                                + " AND lease_owner = ?")
                        .params(attempts, ref.jobId(), ref.startIndex(), ref.claim(), node)
                        .update()
                == 1;
    }

    /** Replaces a claimed chunk by smaller ready chunks covering the same items, keeping its turn. */
    boolean split(ChunkRef ref, String node, int attempts, List<NewChunk> parts) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Long turn = jdbc.sql("SELECT turn FROM fp_chunk WHERE job_id = ? AND start_index = ? AND claims = ?"
                            + " AND state = 'RUNNING' AND lease_owner = ?")
                    .params(ref.jobId(), ref.startIndex(), ref.claim(), node)
                    .query(Long.class)
                    .optional()
                    .orElse(null);
            if (turn == null) {
                return false;
            }
            jdbc.sql("DELETE FROM fp_chunk WHERE job_id = ? AND start_index = ?")
                    .params(ref.jobId(), ref.startIndex())
                    .update();
            List<Object[]> rows = new ArrayList<>();
            for (NewChunk c : parts) {
                rows.add(new Object[] {ref.jobId(), c.startIndex(), c.itemCount(), turn, attempts, c.input()});
            }
            template.batchUpdate(
                    "INSERT INTO fp_chunk (job_id, start_index, item_count, turn, state, attempts, claims,"
                            + " failed_count, input) VALUES (?, ?, ?, ?, 'READY', ?, 0, 0, ?)",
                    rows);
            return true;
        }));
    }

    /** Cancels an unfinished job and all its chunks. False if it is missing or already finished. */
    boolean cancel(UUID id) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int changed = jdbc.sql("UPDATE fp_job SET status = 'CANCELLED', finished_at = ?"
                            + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
                    .params(clock.millis(), id)
                    .update();
            if (changed == 0) {
                return false;
            }
            jdbc.sql("UPDATE fp_chunk SET state = 'CANCELLED', lease_owner = NULL, lease_until = NULL"
                            + " WHERE job_id = ? AND state IN ('READY', 'RUNNING')")
                    .param(id)
                    .update();
            return true;
        }));
    }

    /** Deletes a finished job and its chunks. False if it is missing or unfinished. */
    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM fp_job WHERE id = ? AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')")
                        .param(id)
                        .update()
                == 1;
    }

    /**
     * Extends the leases of every chunk this node runs. Rows another transaction holds (a completion
     * or a cancel under way) are skipped on PostgreSQL rather than waited for: they are changing
     * state anyway, and the next renewal comes well before the lease runs out.
     */
    int renewLeases(String node, Duration lease) {
        return tx.execute(s -> {
            List<Object[]> keys = jdbc.sql("SELECT job_id, start_index FROM fp_chunk"
                            + " WHERE lease_owner = ? AND state = 'RUNNING'" + dialect.lockClause)
                    .param(node)
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2)})
                    .list();
            long until = clock.millis() + lease.toMillis();
            List<Object[]> rows = new ArrayList<>(keys.size());
            for (Object[] k : keys) {
                rows.add(new Object[] {until, k[0], k[1], node});
            }
            return sum(template.batchUpdate(
                    "UPDATE fp_chunk SET lease_until = ? WHERE job_id = ? AND start_index = ?"
                            + " AND lease_owner = ? AND state = 'RUNNING'",
                    rows));
        });
    }

    /**
     * Puts back to ready up to {@code max} running chunks whose lease has expired: their node is
     * gone. Several nodes may do this at once; each takes the rows the others have not locked.
     */
    int reclaimExpired(int max) {
        return tx.execute(s -> {
            long now = clock.millis();
            List<Object[]> keys = jdbc.sql("SELECT job_id, start_index FROM fp_chunk"
                            + " WHERE state = 'RUNNING' AND lease_until < ? ORDER BY turn LIMIT ?"
                            + dialect.lockClause)
                    .params(now, max)
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2), now})
                    .list();
            return sum(template.batchUpdate(
                    "UPDATE fp_chunk SET state = 'READY', lease_owner = NULL, lease_until = NULL"
                            + " WHERE job_id = ? AND start_index = ? AND state = 'RUNNING' AND lease_until < ?",
                    keys));
        });
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c > 0 ? c : 0;
        }
        return total;
    }

    /** At start: chunks left running by this node's previous life go back to ready. */
    int recoverOwnChunks(String node) {
        String where = dialect.exclusive ? "state = 'RUNNING'" : "state = 'RUNNING' AND lease_owner = ?";
        var sql =
                jdbc.sql("UPDATE fp_chunk SET state = 'READY', lease_owner = NULL, lease_until = NULL WHERE " + where);
        return dialect.exclusive ? sql.update() : sql.param(node).update();
    }

    /**
     * Deletes up to {@code max} jobs that finished before {@code finishedBefore}, with their chunks,
     * in one short transaction, oldest first.
     *
     * @return how many jobs were deleted; fewer than {@code max} means none is left to purge
     */
    int purgeFinished(Instant finishedBefore, int max) {
        return tx.execute(s -> {
            List<UUID> ids = jdbc.sql("SELECT id FROM fp_job WHERE finished_at < ?"
                            + " AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') ORDER BY finished_at LIMIT ?"
                            // Nodes purging at once take disjoint batches on PostgreSQL.
                            + dialect.lockClause)
                    .params(finishedBefore.toEpochMilli(), max)
                    .query((rs, n) -> rs.getObject(1, UUID.class))
                    .list();
            if (ids.isEmpty()) {
                return 0;
            }
            String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            // Their chunks go with them (ON DELETE CASCADE).
            return jdbc.sql("DELETE FROM fp_job WHERE id IN (" + marks + ")")
                    .params(new ArrayList<Object>(ids))
                    .update();
        });
    }

    /** Of these jobs, the ones that have finished. */
    List<UUID> finishedAmong(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return jdbc.sql("SELECT id FROM fp_job WHERE id IN (" + marks + ") AND status IN ('SUCCEEDED', 'FAILED',"
                        + " 'CANCELLED')")
                .params(new ArrayList<Object>(ids))
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
    }

    /** A stored chunk's items and outputs, for reading results. */
    record StoredChunk(int startIndex, int itemCount, int failed, byte[] input, byte[] output) {}

    /** The job's chunks from {@code fromIndex} on, in input order, at most {@code limit}. */
    List<StoredChunk> chunks(UUID jobId, int fromIndex, int limit, boolean onlyWithFailures) {
        return jdbc.sql("SELECT start_index, item_count, failed_count, input, output FROM fp_chunk"
                        + " WHERE job_id = ? AND start_index >= ?" + (onlyWithFailures ? " AND failed_count > 0" : "")
                        + " ORDER BY start_index LIMIT ?")
                .params(jobId, fromIndex, limit)
                .query((rs, n) -> new StoredChunk(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        onlyWithFailures ? rs.getBytes(4) : null,
                        rs.getBytes(5)))
                .list();
    }

    static Job mapJob(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("function_name"),
                JobStatus.valueOf(rs.getString("status")),
                rs.getInt("total_items"),
                rs.getInt("completed_items"),
                rs.getInt("failed_items"),
                rs.getInt("chunk_size"),
                rs.getInt("chunk_count"),
                Duration.ofMillis(rs.getLong("timeout_ms")),
                rs.getLong("cpu_nanos"),
                rs.getString("submitted_on"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                List.of(),
                rs.getString("owner"),
                rs.getString("failure_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
