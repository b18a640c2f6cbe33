package dev.forkpool.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads a job's stored chunk outputs for the results answers and streams, as encoded bytes (no
 * number is decoded here), and lets a stream wait for the next chunk of a job to be recorded.
 *
 * <p>Waiting never relies on this node alone: a stream waits at most {@code poll} and then reads
 * the store again, so chunks recorded by other nodes show up; a chunk recorded on this node wakes
 * it at once ({@link #chunkRecorded}).
 */
public class JobResults implements JobListener {
    private static final String COLUMNS = "start_index, item_count, failed_count, state, done_order, output";

    private final JdbcClient jdbc;
    private final Map<UUID, Signal> signals = new ConcurrentHashMap<>();

    JobResults(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * One stored chunk.
     *
     * @param done whether its outputs are recorded
     * @param doneOrder its place in the job's completion order (1, 2, ...), 0 if not done
     * @param output its encoded outputs, null if not done
     * @param input its encoded inputs, only when asked for
     */
    public record Chunk(
            int startIndex, int itemCount, int failed, boolean done, long doneOrder, byte[] output, byte[] input) {
        public int endIndex() {
            return startIndex + itemCount;
        }
    }

    /** A job's status and counts: what a stream checks on every round. */
    public record Progress(JobStatus status, int total, int completed, int failed) {}

    /**
     * The job's status and counts, or empty if it is gone. One row of fp_job and nothing else:
     * unlike the full job view, it never touches the chunk rows (whose stored inputs and outputs
     * H2 would read along), so a stream can check it after every chunk.
     */
    public java.util.Optional<Progress> progress(UUID jobId) {
        return jdbc.sql("SELECT status, total_items, completed_items, failed_items FROM fp_job WHERE id = ?")
                .param(jobId)
                .query((rs, n) ->
                        new Progress(JobStatus.valueOf(rs.getString(1)), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
                .optional();
    }

    /** Up to {@code limit} chunks in input order, from the one that holds item {@code fromIndex}. */
    public List<Chunk> inInputOrder(UUID jobId, int fromIndex, int limit, boolean onlyWithFailures) {
        return jdbc.sql("SELECT " + COLUMNS + (onlyWithFailures ? ", input" : "") + " FROM fp_chunk"
                        + " WHERE job_id = ? AND start_index + item_count > ?"
                        + (onlyWithFailures ? " AND failed_count > 0" : "")
                        + " ORDER BY start_index LIMIT ?")
                .params(jobId, fromIndex, limit)
                .query((rs, n) -> chunk(rs, onlyWithFailures))
                .list();
    }

    /**
     * Up to {@code limit} recorded chunks in the order they were recorded, after the chunk {@code
     * (afterOrder, afterStart)}. Chunks recorded in one transaction may share a done_order; the
     * start index breaks the tie, so the order is total and stable.
     */
    public List<Chunk> doneAfter(UUID jobId, long afterOrder, int afterStart, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM fp_chunk WHERE job_id = ?"
                        + " AND (done_order > ? OR (done_order = ? AND start_index > ?))"
                        + " ORDER BY done_order, start_index LIMIT ?")
                .params(jobId, afterOrder, afterOrder, afterStart, limit)
                .query((rs, n) -> chunk(rs, false))
                .list();
    }

    /**
     * Chunks with no completion order, in input order, from item {@code fromIndex}: after a job has
     * finished, those that never ran (it was cancelled), or were recorded before the order existed.
     */
    public List<Chunk> unordered(UUID jobId, int fromIndex, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM fp_chunk WHERE job_id = ? AND done_order IS NULL"
                        + " AND start_index >= ? ORDER BY start_index LIMIT ?")
                .params(jobId, fromIndex, limit)
                .query((rs, n) -> chunk(rs, false))
                .list();
    }

    private static Chunk chunk(java.sql.ResultSet rs, boolean withInput) throws java.sql.SQLException {
        byte[] output = rs.getBytes(6);
        return new Chunk(
                rs.getInt(1),
                rs.getInt(2),
                rs.getInt(3),
                "DONE".equals(rs.getString(4)) && output != null,
                rs.getLong(5),
                output,
                withInput ? rs.getBytes(7) : null);
    }

    /** The job's change counter on this node; pass it to {@link #awaitChange} before reading the store. */
    public long version(UUID jobId) {
        Signal s = signals.get(jobId);
        return s == null ? 0 : s.version;
    }

    /**
     * Waits until a chunk of the job is recorded on this node after {@code seen} was read, or
     * {@code max} passes. Safe on virtual threads: it parks on a {@link ReentrantLock}, not a monitor.
     */
    public void awaitChange(UUID jobId, long seen, Duration max) throws InterruptedException {
        Signal s = signals.computeIfAbsent(jobId, k -> new Signal());
        s.lock.lock();
        try {
            s.waiting++;
            long nanos = max.toNanos();
            while (s.version == seen && nanos > 0) {
                nanos = s.changed.awaitNanos(nanos);
            }
        } finally {
            s.waiting--;
            if (s.waiting == 0) {
                signals.remove(jobId, s);
            }
            s.lock.unlock();
        }
    }

    /** A chunk of the job was recorded on this node. */
    @Override
    public void chunkRecorded(UUID jobId) {
        Signal s = signals.get(jobId);
        if (s != null) {
            s.bump();
        }
    }

    @Override
    public void jobFinished(Job job) {
        chunkRecorded(job.id());
    }

    private static final class Signal {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        volatile long version;
        int waiting;

        void bump() {
            lock.lock();
            try {
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
