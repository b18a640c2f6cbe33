package dev.forkpool.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of {@code fp_job}: one row per job with its counters and status. It opens no
 * transaction of its own; {@link JobStore} decides which statements commit together.
 */
final class JobTable {
    static final String COLUMNS = "id, function_name, status, total_items, completed_items, failed_items,"
            + " chunk_size, chunk_count, timeout_ms, cpu_nanos, submitted_on, created_at, started_at, finished_at, owner,"
            + " failure_reason";
    private static final String FINISHED = "('SUCCEEDED', 'FAILED', 'CANCELLED')";
    /**
     * The nodes that ran a job's chunks, in the same statement as the job: reading them with a
     * second query doubled the round trips of every job read (on PostgreSQL, a fifth of a small
     * job's statements).
     */
    private static final String NODES = "(SELECT ARRAY_AGG(DISTINCT c.ran_on ORDER BY c.ran_on) FROM fp_chunk c"
            + " WHERE c.job_id = fp_job.id AND c.ran_on IS NOT NULL) AS nodes";

    /**
     * An owner's unfinished jobs, with their pending items, as a derived table {@code u(pending)};
     * it takes the owner twice. Two equality ranges of the (owner, status) index: with
     * {@code status IN (...)} instead, H2 read every job the owner ever had, so each submit grew
     * slower with the number of stored jobs.
     */
    static final String UNFINISHED_OF_OWNER =
            "(SELECT total_items - completed_items - failed_items AS pending FROM fp_job"
                    + " WHERE owner = ? AND status = 'QUEUED' UNION ALL"
                    + " SELECT total_items - completed_items - failed_items FROM fp_job"
                    + " WHERE owner = ? AND status = 'RUNNING') u";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final SqlDialect dialect;

    JobTable(JdbcTemplate template, SqlDialect dialect) {
        this.jdbc = JdbcClient.create(template);
        this.template = template;
        this.dialect = dialect;
    }

    /** A job row to insert: the job as submitted, in the status it starts in. */
    record NewRow(JobStore.NewJob job, JobStatus status) {}

    /** Inserts these job rows, one statement each, sent as one batch. */
    void insert(List<NewRow> rows, long now) {
        List<Object[]> params = new ArrayList<>(rows.size());
        for (NewRow row : rows) {
            JobStore.NewJob job = row.job();
            JobStatus status = row.status();
            params.add(new Object[] {
                job.id(),
                job.function(),
                status.name(),
                job.total(),
                job.chunkSize(),
                job.chunks().size(),
                job.timeout().toMillis(),
                job.submittedOn(),
                now,
                status == JobStatus.QUEUED ? null : now,
                status.finished() ? now : null,
                job.owner(),
                job.inputBytes()
            });
        }
        template.batchUpdate(
                "INSERT INTO fp_job (" + COLUMNS
                        + ", input_bytes) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, 0, ?, ?, ?, ?, ?, NULL, ?)",
                params);
    }

    /** The owner's unfinished jobs, for owner-fair turns. */
    int unfinishedOf(String owner) {
        return jdbc.sql("SELECT COUNT(*) FROM " + UNFINISHED_OF_OWNER)
                .params(owner, owner)
                .query(Integer.class)
                .single();
    }

    Optional<Job> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", " + NODES + " FROM fp_job WHERE id = ?")
                .param(id)
                .query(JobTable::map)
                .optional();
    }

    /** Newest first. The cursor is the last job of the previous page. */
    List<Job> list(String owner, JobStatus status, Instant beforeCreated, UUID beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", " + NODES + " FROM fp_job WHERE 1 = 1");
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
        return jdbc.sql(sql.toString()).params(params).query(JobTable::map).list();
    }

    JobStore.Backlog backlog() {
        // Two equality ranges of the status index, as in UNFINISHED_OF_OWNER.
        return jdbc.sql("SELECT COUNT(*), COALESCE(SUM(pending), 0) FROM"
                        + " (SELECT total_items - completed_items - failed_items AS pending FROM fp_job"
                        + " WHERE status = 'QUEUED' UNION ALL"
                        + " SELECT total_items - completed_items - failed_items FROM fp_job"
                        + " WHERE status = 'RUNNING') u")
                .query((rs, n) -> new JobStore.Backlog(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    /** Idempotent: only a QUEUED job becomes RUNNING. One statement for all of them. */
    void markRunning(Collection<UUID> ids, long now) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(ids.size() + 1);
        params.add(now);
        params.addAll(ids);
        jdbc.sql("UPDATE fp_job SET status = 'RUNNING', started_at = ? WHERE id IN (" + marks(ids.size())
                        + ") AND status = 'QUEUED'")
                .params(params)
                .update();
    }

    /** What a worker needs of a job besides the chunk, and whether the job still waits to start. */
    record RunSpec(String function, Duration timeout, boolean queued) {}

    /** The run specs of these jobs; a job deleted meanwhile is missing from the map. */
    Map<UUID, RunSpec> runSpecs(Collection<UUID> ids) {
        Map<UUID, RunSpec> specs = new HashMap<>();
        if (ids.isEmpty()) {
            return specs;
        }
        jdbc.sql("SELECT id, function_name, timeout_ms, status FROM fp_job WHERE id IN (" + marks(ids.size()) + ")")
                .params(new ArrayList<Object>(ids))
                .query(rs -> {
                    specs.put(
                            rs.getObject(1, UUID.class),
                            new RunSpec(
                                    rs.getString(2),
                                    Duration.ofMillis(rs.getLong(3)),
                                    JobStatus.QUEUED.name().equals(rs.getString(4))));
                });
        return specs;
    }

    /**
     * Locks these job rows, in id order, and reads them; a job that is gone is missing from the
     * map. The jobs come without their nodes (an empty list): reading those costs an aggregate over
     * the job's chunks, which only a job that finishes needs. One statement for a whole batch of
     * results: a lock per job was a round trip per job on PostgreSQL.
     */
    Map<UUID, Job> lock(Collection<UUID> ids) {
        Map<UUID, Job> locked = new HashMap<>();
        if (ids.isEmpty()) {
            return locked;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM fp_job WHERE id IN (" + marks(ids.size()) + ") ORDER BY id FOR UPDATE")
                .params(new ArrayList<Object>(ids))
                .query(rs -> {
                    Job job = map(rs, List.of());
                    locked.put(job.id(), job);
                });
        return locked;
    }

    /** The nodes that ran each of these jobs' chunks, as a job read names them; one statement. */
    Map<UUID, List<String>> nodesOf(Collection<UUID> ids) {
        Map<UUID, List<String>> nodes = new HashMap<>();
        if (ids.isEmpty()) {
            return nodes;
        }
        jdbc.sql("SELECT id, " + NODES + " FROM fp_job WHERE id IN (" + marks(ids.size()) + ")")
                .params(new ArrayList<Object>(ids))
                .query(rs -> {
                    nodes.put(rs.getObject("id", UUID.class), nodes(rs));
                });
        return nodes;
    }

    /**
     * A batch's counts to add to a job locked with {@link #lock}, and the status the caller worked
     * out from what it read there; null times leave the row's own.
     */
    record Counts(
            UUID id, int completed, int failed, long cpuNanos, JobStatus status, Long startedAt, Long finishedAt) {}

    /** Writes these counts, one statement per job, sent as one batch. */
    void record(List<Counts> all) {
        if (all.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(all.size());
        for (Counts c : all) {
            rows.add(new Object[] {
                c.completed(), c.failed(), c.cpuNanos(), c.status().name(), c.startedAt(), c.finishedAt(), c.id()
            });
        }
        template.batchUpdate(
                "UPDATE fp_job SET completed_items = completed_items + ?, failed_items = failed_items + ?,"
                        + " cpu_nanos = cpu_nanos + ?, status = ?, started_at = COALESCE(started_at, ?),"
                        + " finished_at = COALESCE(?, finished_at) WHERE id = ?",
                rows);
    }

    boolean cancel(UUID id, long now) {
        return jdbc.sql("UPDATE fp_job SET status = 'CANCELLED', finished_at = ?"
                                + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
                        .params(now, id)
                        .update()
                == 1;
    }

    boolean deleteFinished(UUID id) {
        return jdbc.sql("DELETE FROM fp_job WHERE id = ? AND status IN " + FINISHED)
                        .param(id)
                        .update()
                == 1;
    }

    /** Deletes up to {@code max} jobs finished before the cut-off, oldest first; chunks cascade. */
    int purgeFinished(Instant finishedBefore, int max) {
        List<UUID> ids = jdbc.sql("SELECT id FROM fp_job WHERE finished_at < ?"
                        + " AND status IN " + FINISHED + " ORDER BY finished_at LIMIT ?"
                        // Nodes purging at once take disjoint batches on PostgreSQL.
                        + dialect.lockClause)
                .params(finishedBefore.toEpochMilli(), max)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM fp_job WHERE id IN (" + marks(ids.size()) + ")")
                .params(new ArrayList<Object>(ids))
                .update();
    }

    /**
     * Of these jobs, the ones that have finished. The status is tested here, not in SQL: with it in
     * the WHERE clause, PostgreSQL intersected the primary key with the status index, reading every
     * finished job's entry (11,000 of them for 5 ids).
     */
    List<UUID> finishedAmong(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> finished = new ArrayList<>();
        jdbc.sql("SELECT id, status FROM fp_job WHERE id IN (" + marks(ids.size()) + ")")
                .params(new ArrayList<Object>(ids))
                .query(rs -> {
                    if (JobStatus.valueOf(rs.getString(2)).finished()) {
                        finished.add(rs.getObject(1, UUID.class));
                    }
                });
        return finished;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static Job map(ResultSet rs, int row) throws SQLException {
        return map(rs, nodes(rs));
    }

    private static Job map(ResultSet rs, List<String> nodes) throws SQLException {
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
                nodes,
                rs.getString("owner"),
                rs.getString("failure_reason"));
    }

    /** The {@link #NODES} column; an {@code ARRAY_AGG} of no rows is null. */
    private static List<String> nodes(ResultSet rs) throws SQLException {
        java.sql.Array array = rs.getArray("nodes");
        if (array == null) {
            return List.of();
        }
        try {
            List<String> nodes = new ArrayList<>();
            for (Object node : (Object[]) array.getArray()) {
                nodes.add((String) node);
            }
            return List.copyOf(nodes);
        } finally {
            array.free();
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
