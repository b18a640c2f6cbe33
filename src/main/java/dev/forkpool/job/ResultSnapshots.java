package dev.forkpool.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Opens {@link ResultSnapshot}s. Each holds a pooled connection while its results are written to
 * the client, so at most {@code maxOpen} are open at once; a slow reader can then never take every
 * connection the service needs for its own work.
 */
public class ResultSnapshots {
    private final DataSource dataSource;
    private final Semaphore open;
    private final SqlDialect dialect;
    /** How long a reader waits for one of the {@code maxOpen} places before it is told to retry. */
    private static final long QUEUE_WAIT_MILLIS = 2000;

    public ResultSnapshots(DataSource dataSource, int maxOpen) {
        this.dataSource = dataSource;
        this.dialect = SqlDialect.of(dataSource);
        this.open = new Semaphore(maxOpen);
    }

    /** Thrown when {@code maxOpen} snapshots are open already; the client should retry shortly. */
    public static class BusyException extends RuntimeException {
        BusyException() {
            super("too many result reads in progress; retry shortly", null, false, false);
        }
    }

    /**
     * A snapshot of the job, or empty if it does not exist (then nothing stays open).
     *
     * @throws BusyException if too many snapshots are open
     */
    public Optional<ResultSnapshot> open(UUID id) {
        // A short wait rather than an instant 503: a results document of a small job holds its
        // connection for a millisecond, so a burst of readers mostly needs to queue, not retry.
        try {
            if (!open.tryAcquire(QUEUE_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            if (dialect.snapshotTransaction != null) {
                connection.setAutoCommit(false);
                try (java.sql.Statement s = connection.createStatement()) {
                    s.execute(dialect.snapshotTransaction);
                }
            } else {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            Optional<Job> job = find(new SingleConnectionDataSource(connection, true), id);
            if (job.isEmpty()) {
                release(connection);
                return Optional.empty();
            }
            return Optional.of(new ResultSnapshot(connection, job.get(), open::release));
        } catch (SQLException | RuntimeException e) {
            release(connection);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot read the job store", e);
        }
    }

    /** The job with its nodes, read on the snapshot's connection. */
    private Optional<Job> find(DataSource snapshot, UUID id) {
        return new JobTable(new JdbcTemplate(snapshot), dialect).find(id);
    }

    private void release(Connection connection) {
        try {
            if (connection != null) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException e) {
            // the pool discards a connection it cannot reset
        } finally {
            open.release();
        }
    }
}
