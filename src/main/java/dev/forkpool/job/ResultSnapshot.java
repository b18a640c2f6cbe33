package dev.forkpool.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A job and its results as of one moment, read in one repeatable-read transaction on a connection
 * of its own. A DELETE that commits while the results are being written out does not cut them
 * short: the reader sees either the whole job or (if it was gone before the snapshot) none of it.
 * Close it to give the connection back.
 */
public final class ResultSnapshot implements AutoCloseable {
    private final Connection connection;
    private final Job job;
    private final Runnable onClose;
    private final JobResults results;

    ResultSnapshot(Connection connection, Job job, Runnable onClose) {
        this.connection = connection;
        this.job = job;
        this.onClose = onClose;
        this.results = new JobResults(new SingleConnectionDataSource(connection, true));
    }

    /** The job as of the snapshot. */
    public Job job() {
        return job;
    }

    public UUID id() {
        return job.id();
    }

    /** The job's stored chunks, read from the snapshot. */
    public JobResults results() {
        return results;
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // read-only: nothing to undo; closing below is what matters
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // the pool discards a connection it cannot reset
            }
            onClose.run();
        }
    }
}
