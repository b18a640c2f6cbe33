package dev.forkpool.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of {@code fp_chunk}: one row per chunk of a job's items, with its state, lease and
 * fencing counter ({@code claims}). Every state change is one guarded UPDATE, so a result that
 * arrives after its claim was lost changes nothing. It opens no transaction of its own; {@link
 * JobStore} decides which statements commit together.
 */
final class ChunkTable {
    private static final String INSERT = "INSERT INTO fp_chunk (job_id, start_index, item_count, turn, state,"
            + " attempts, claims, failed_count, input) VALUES (?, ?, ?, ?, 'READY', ?, 0, 0, ?)";
    private static final byte[] NO_INPUT = new byte[0];
    /**
     * The chunk under this claim by this node, by primary key. A chunk has a lease owner exactly
     * while it is RUNNING (every move out of RUNNING clears it), so the owner and the claim count
     * guard the state; naming the state too let PostgreSQL's planner, whose statistics see few
     * RUNNING rows, take the claim-order index (state, turn, ...) instead of the primary key and
     * read its dead entries: 214 µs for a completion instead of about 25.
     */
    private static final String MINE = " WHERE job_id = ? AND start_index = ? AND claims = ? AND lease_owner = ?";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final SqlDialect dialect;

    ChunkTable(JdbcClient jdbc, JdbcTemplate template, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.template = template;
        this.dialect = dialect;
    }

    /** The turn being served now (the lowest of the ready chunks), or null if none is ready. */
    Long lowestReadyTurn() {
        return jdbc.sql("SELECT MIN(turn) FROM fp_chunk WHERE state = 'READY'")
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    /** A chunk row to insert: the chunk of a job, at its turn. */
    record NewRow(UUID jobId, JobStore.NewChunk chunk, long turn) {}

    /** Inserts chunks already claimed by {@code node} (claim 1), for the accepting node's fast path. */
    void insertRunning(List<NewRow> chunks, String node, long leaseUntil) {
        if (chunks.isEmpty()) {
            return; // an empty batch still prepares and runs the statement
        }
        List<Object[]> rows = new ArrayList<>(chunks.size());
        for (NewRow r : chunks) {
            JobStore.NewChunk c = r.chunk();
            rows.add(new Object[] {r.jobId(), c.startIndex(), c.itemCount(), r.turn(), c.input(), node, leaseUntil, node
            });
        }
        template.batchUpdate(
                "INSERT INTO fp_chunk (job_id, start_index, item_count, turn, state, attempts, claims,"
                        + " failed_count, input, lease_owner, lease_until, ran_on)"
                        + " VALUES (?, ?, ?, ?, 'RUNNING', 0, 1, 0, ?, ?, ?, ?)",
                rows);
    }

    /** Inserts ready chunks, each at its row's turn. */
    void insertReady(List<NewRow> chunks, int attempts) {
        if (chunks.isEmpty()) {
            return; // an empty batch still prepares and runs the statement
        }
        List<Object[]> rows = new ArrayList<>(chunks.size());
        for (NewRow r : chunks) {
            JobStore.NewChunk c = r.chunk();
            rows.add(new Object[] {r.jobId(), c.startIndex(), c.itemCount(), r.turn(), attempts, c.input()});
        }
        template.batchUpdate(INSERT, rows);
    }

    JobStore.ChunkCounts counts() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT state, COUNT(*) FROM fp_chunk WHERE state IN ('READY', 'RUNNING') GROUP BY state")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return new JobStore.ChunkCounts(counts.getOrDefault("READY", 0L), counts.getOrDefault("RUNNING", 0L));
    }

    /** A ready chunk as read for a claim. */
    record ReadyRow(UUID jobId, int start, int count, int claims, int attempts, byte[] input) {}

    /** The first {@code max} ready chunks in claim order: lowest turn first. */
    List<ReadyRow> firstReady(int max) {
        return jdbc.sql("SELECT job_id, start_index, item_count, claims, attempts, input"
                        // state leads the ORDER BY, though constant, so that H2 reads the
                        // claim-order index in order and stops at LIMIT instead of sorting.
                        + " FROM fp_chunk WHERE state = 'READY' ORDER BY state, turn, job_id, start_index"
                        + " LIMIT ?" + dialect.claimLockClause)
                .param(max)
                .query((rs, n) -> new ReadyRow(
                        rs.getObject(1, UUID.class),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getBytes(6)))
                .list();
    }

    /**
     * Claims up to {@code max} ready chunks in one statement ({@link SqlDialect#claimReturning}),
     * which returns them in claim order: lowest turn first.
     */
    JobStore.Claimed claimReturning(String node, int max, long leaseUntil) {
        List<ClaimedChunk> claimed = new ArrayList<>(max);
        java.util.Set<UUID> queued = new java.util.LinkedHashSet<>();
        jdbc.sql(dialect.claimReturning).params(max, node, leaseUntil, node).query(rs -> {
            UUID jobId = rs.getObject("job_id", UUID.class);
            claimed.add(new ClaimedChunk(
                    // claims as it is after this claim, which the chunk's ref carries
                    new ChunkRef(jobId, rs.getInt("start_index"), rs.getInt("claims")),
                    rs.getInt("item_count"),
                    rs.getInt("attempts"),
                    rs.getBytes("input"),
                    rs.getString("function_name"),
                    java.time.Duration.ofMillis(rs.getLong("timeout_ms"))));
            if (JobStatus.QUEUED.name().equals(rs.getString("status"))) {
                queued.add(jobId);
            }
        });
        return new JobStore.Claimed(claimed, List.copyOf(queued));
    }

    /** Moves these ready chunks to RUNNING under the node's lease; per row, whether it moved. */
    boolean[] take(List<ReadyRow> rows, String node, long leaseUntil) {
        List<Object[]> updates = new ArrayList<>(rows.size());
        for (ReadyRow r : rows) {
            updates.add(new Object[] {node, leaseUntil, node, r.jobId(), r.start()});
        }
        int[] counts = template.batchUpdate(
                "UPDATE fp_chunk SET state = 'RUNNING', lease_owner = ?, lease_until = ?,"
                        + " claims = claims + 1, ran_on = ?"
                        + " WHERE job_id = ? AND start_index = ? AND state = 'READY'",
                updates);
        boolean[] moved = new boolean[counts.length];
        for (int k = 0; k < counts.length; k++) {
            moved[k] = counts[k] != 0;
        }
        return moved;
    }

    /**
     * Records chunk outputs under their claims, in one batch. A chunk without failed items drops
     * its inputs: nothing reads them again, and a store write of a big job's results then carries
     * its outputs only (H2 rewrites the whole row).
     *
     * @param doneOrder per result: its job's finished items before this batch, read under the job
     *     row's lock ({@link JobStore} takes it first), so it grows from batch to batch: a stable
     *     completion order for streams. Chunks of one batch share it; readers order by
     *     (done_order, start_index).
     * @return per result, whether it was recorded (its claim still held)
     */
    boolean[] completeAll(String node, List<JobStore.Result> results, List<Integer> doneOrder) {
        List<Object[]> rows = new ArrayList<>(results.size());
        for (int k = 0; k < results.size(); k++) {
            JobStore.Result r = results.get(k);
            rows.add(new Object[] {
                r.output(),
                r.failed(),
                r.failed(),
                NO_INPUT,
                doneOrder.get(k),
                r.ref().jobId(),
                r.ref().startIndex(),
                r.ref().claim(),
                node
            });
        }
        int[] counts = template.batchUpdate(
                "UPDATE fp_chunk SET state = 'DONE', output = ?, failed_count = ?,"
                        // A done chunk never runs again, and only failed items show their inputs.
                        + " input = CASE WHEN ? = 0 THEN ? ELSE input END,"
                        + " lease_owner = NULL, lease_until = NULL, done_order = ?" + MINE,
                rows);
        boolean[] done = new boolean[counts.length];
        for (int k = 0; k < counts.length; k++) {
            // A driver may answer SUCCESS_NO_INFO (-2) for a batched row; only 0 means not updated.
            done[k] = counts[k] != 0;
        }
        return done;
    }

    boolean release(ChunkRef ref, String node, int attempts) {
        return jdbc.sql("UPDATE fp_chunk SET state = 'READY', attempts = ?, lease_owner = NULL, lease_until = NULL"
                                + MINE)
                        .params(attempts, ref.jobId(), ref.startIndex(), ref.claim(), node)
                        .update()
                == 1;
    }

    /** The turn of a chunk this node holds under this claim, or null if the claim is lost. */
    Long turnIfMine(ChunkRef ref, String node) {
        return jdbc.sql("SELECT turn FROM fp_chunk" + MINE)
                .params(ref.jobId(), ref.startIndex(), ref.claim(), node)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    void delete(UUID jobId, int startIndex) {
        jdbc.sql("DELETE FROM fp_chunk WHERE job_id = ? AND start_index = ?")
                .params(jobId, startIndex)
                .update();
    }

    void cancelUnfinished(UUID jobId) {
        jdbc.sql("UPDATE fp_chunk SET state = 'CANCELLED', lease_owner = NULL, lease_until = NULL"
                        + " WHERE job_id = ? AND state IN ('READY', 'RUNNING')")
                .param(jobId)
                .update();
    }

    /**
     * Extends the leases of every chunk this node runs, one row per statement, outside any
     * transaction and with no lock on the select: a renewal then never holds a row lock while it
     * waits for another, so it cannot deadlock with a completion or a cancel that locks the same
     * chunks in another order. (In one transaction, it did: on H2 under load, the completion won
     * and the renewal failed.) Each update is guarded, so a chunk that changed state meanwhile is
     * left alone; it waits at most for one short transaction.
     */
    int renewLeases(String node, long until) {
        List<Object[]> keys = jdbc.sql("SELECT job_id, start_index FROM fp_chunk"
                        + " WHERE lease_owner = ? AND state = 'RUNNING' ORDER BY job_id, start_index")
                .param(node)
                .query((rs, n) -> new Object[] {until, rs.getObject(1, UUID.class), rs.getInt(2), node})
                .list();
        int renewed = 0;
        for (Object[] key : keys) {
            renewed += jdbc.sql("UPDATE fp_chunk SET lease_until = ? WHERE job_id = ? AND start_index = ?"
                            + " AND lease_owner = ?") // only RUNNING chunks have one (see MINE)
                    .params(key)
                    .update();
        }
        return renewed;
    }

    /** Puts back to ready up to {@code max} running chunks whose lease ended before {@code now}. */
    int reclaimExpired(long now, int max) {
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
    }

    /** At start: chunks left running by this node's previous life go back to ready. */
    int recoverOwn(String node) {
        String where = dialect.exclusive ? "state = 'RUNNING'" : "state = 'RUNNING' AND lease_owner = ?";
        var sql =
                jdbc.sql("UPDATE fp_chunk SET state = 'READY', lease_owner = NULL, lease_until = NULL WHERE " + where);
        return dialect.exclusive ? sql.update() : sql.param(node).update();
    }

    /** The job's chunks from {@code fromIndex} on, in input order, at most {@code limit}. */
    List<JobStore.StoredChunk> read(UUID jobId, int fromIndex, int limit, boolean onlyWithFailures) {
        return jdbc.sql("SELECT start_index, item_count, failed_count, input, output FROM fp_chunk"
                        + " WHERE job_id = ? AND start_index >= ?" + (onlyWithFailures ? " AND failed_count > 0" : "")
                        + " ORDER BY start_index LIMIT ?")
                .params(jobId, fromIndex, limit)
                .query((rs, n) -> new JobStore.StoredChunk(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        onlyWithFailures ? rs.getBytes(4) : null,
                        rs.getBytes(5)))
                .list();
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c > 0 ? c : 0;
        }
        return total;
    }
}
