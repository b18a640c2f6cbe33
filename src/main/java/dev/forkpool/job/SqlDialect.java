package dev.forkpool.job;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The only SQL that differs between the databases. Everything else in {@link JobStore} is plain
 * SQL that H2 and PostgreSQL both run.
 */
enum SqlDialect {
    /**
     * Embedded H2: one process owns the file, so claims need no SKIP LOCKED, and on start every
     * RUNNING chunk is an orphan of this node's previous life.
     */
    H2(" FOR UPDATE", "", true, null, null, null, null, null, null),
    /**
     * PostgreSQL, shared by many nodes: claimers skip each other's locked rows, and a submit wakes
     * the idle nodes with a NOTIFY, which PostgreSQL delivers when (and only if) the insert commits.
     */
    POSTGRESQL(
            " FOR UPDATE SKIP LOCKED",
            " FOR UPDATE SKIP LOCKED",
            false,
            "LISTEN forkpool_ready",
            "SELECT pg_notify('forkpool_ready', '')",
            "LISTEN " + Channels.FINISHED,
            "SELECT pg_notify('" + Channels.FINISHED + "', ?)",
            // Only fp_chunk rows are locked: an UPDATE does not lock the rows it joins.
            "WITH picked AS (SELECT job_id, start_index FROM fp_chunk WHERE state = 'READY'"
                    + " ORDER BY state, turn, job_id, start_index LIMIT ? FOR UPDATE SKIP LOCKED),"
                    + " claimed AS (UPDATE fp_chunk c SET state = 'RUNNING', lease_owner = ?, lease_until = ?,"
                    + " claims = c.claims + 1, ran_on = ? FROM picked p, fp_job j"
                    + " WHERE c.job_id = p.job_id AND c.start_index = p.start_index AND j.id = c.job_id"
                    + " RETURNING c.job_id, c.start_index, c.item_count, c.claims, c.attempts, c.input, c.turn,"
                    + " j.function_name, j.timeout_ms, j.status)"
                    // RETURNING has no order of its own
                    + " SELECT * FROM claimed ORDER BY turn, job_id, start_index",
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");

    /** PostgreSQL's notification channels, named once for the senders and the listener. */
    static final class Channels {
        /** Carries the id of a job that finished, for the node it was submitted on. */
        static final String FINISHED = "forkpool_finished";

        private Channels() {}
    }

    /** Appended to queries that pick rows to change, to lock the chosen rows. */
    final String lockClause;
    /**
     * Appended to the claim query. H2 locks every row that matches before it applies LIMIT (a
     * profile showed the claim scanning all ready chunks), so on H2 the claim locks nothing and
     * relies on its guarded UPDATE ({@code AND state = 'READY'}): a row another claimer took
     * first is simply not updated, and not claimed.
     */
    final String claimLockClause;
    /** Whether this node is the only one on the store, so it may reclaim all running chunks at start. */
    final boolean exclusive;

    /** Subscribes a connection to "chunks are ready" pushes; null where there is no push. */
    final String listenReady;
    /** Sent in a transaction that made chunks ready, to wake the listening nodes at its commit. */
    final String notifyReady;

    /**
     * Listened to by every node: a node that finishes a job submitted on another node names it
     * here, so that node's {@code Prefer: wait} answers at once instead of at its next poll.
     */
    final String listenFinished;
    /** Sent, with the job id, in the transaction that finished a job submitted on another node. */
    final String notifyFinished;

    /**
     * A claim in one statement, run in autocommit: it picks up to {@code ?} (1) ready chunks in
     * claim order, moves them to RUNNING under the node (2, 4) and lease end (3), and returns them
     * in that order with their jobs' run specs. Null where the database has no UPDATE
     * ... RETURNING (H2); there a claim is a transaction of three statements. On PostgreSQL that
     * transaction was five round trips, a third of a small job's statements.
     */
    final String claimReturning;

    /**
     * Makes the transaction just begun a read-only snapshot, as the first statement in it; null
     * where JDBC's setters do it (H2, in process). On PostgreSQL the setters cost two extra round
     * trips per results read: the driver sets the session's isolation, and the pool sets it back
     * when the connection returns.
     */
    final String snapshotTransaction;

    SqlDialect(
            String lockClause,
            String claimLockClause,
            boolean exclusive,
            String listenReady,
            String notifyReady,
            String listenFinished,
            String notifyFinished,
            String claimReturning,
            String snapshotTransaction) {
        this.claimReturning = claimReturning;
        this.snapshotTransaction = snapshotTransaction;
        this.listenFinished = listenFinished;
        this.notifyFinished = notifyFinished;
        this.lockClause = lockClause;
        this.claimLockClause = claimLockClause;
        this.exclusive = exclusive;
        this.listenReady = listenReady;
        this.notifyReady = notifyReady;
    }

    static SqlDialect of(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String product = meta.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            if (product.contains("h2")) {
                return H2;
            }
            throw new IllegalStateException("unsupported database: " + meta.getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the job store", e);
        }
    }
}
