package dev.forkpool.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Makes commits durable before their callers answer, so a 202 means the job is in the store.
 *
 * <p>H2 keeps a committed transaction in memory until its store is next written to the file:
 * by default up to half a second later (its write delay), and a kill -9 in that window lost
 * accepted jobs. Writing the store at every commit (write delay 0) closed the hole but made every
 * commit, even a claim's, write a new chunk of the file: most of the service's CPU under load.
 * So commits stay in memory, and a caller that is about to tell a client "done" calls {@link
 * #awaitDurable()}: one thread writes the store for every commit made before it started, while the
 * callers behind it wait, as a database's group commit does. A lone caller pays one store write;
 * thirty-two at once share one or two. Commits nobody answers for (claims, lease renewals, the
 * results of a job's chunks before its last) reach the file with the next such write, or with
 * H2's own background write after {@link #H2_WRITE_DELAY_MS}; lost by a kill, they are redone (a
 * claimed chunk is claimed again, a recorded one runs again).
 * H2 does not fsync, so after a power loss the last commits may be missing (the file stays
 * consistent). The settings are applied at start whatever the datasource URL says.
 *
 * <p>A reader on another connection may see a commit a moment before it is durable (until the
 * caller's write returns); only the caller's answer waits for it.
 *
 * <p>PostgreSQL is durable at commit unless {@code synchronous_commit} is off; that is the
 * server's choice, so this only warns, and {@link #awaitDurable()} does nothing.
 */
final class StoreDurability {
    private static final Logger log = LoggerFactory.getLogger(StoreDurability.class);
    /** H2's background write of commits that no caller made durable; its default. */
    static final int H2_WRITE_DELAY_MS = 500;

    private final DataSource dataSource;
    private final boolean groupWrites;
    /** Commits that asked to be durable, counted; a write covers every one counted before it began. */
    private final AtomicLong asked = new AtomicLong();

    private volatile long written;
    private final ReentrantLock writer = new ReentrantLock();

    private StoreDurability(DataSource dataSource, boolean groupWrites) {
        this.dataSource = dataSource;
        this.groupWrites = groupWrites;
    }

    static StoreDurability of(DataSource dataSource, SqlDialect dialect) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return switch (dialect) {
            case H2 -> {
                jdbc.sql("SET WRITE_DELAY " + H2_WRITE_DELAY_MS).update();
                yield new StoreDurability(dataSource, true);
            }
            case POSTGRESQL -> {
                String setting =
                        jdbc.sql("SHOW synchronous_commit").query(String.class).single();
                if ("off".equalsIgnoreCase(setting)) {
                    log.warn("PostgreSQL has synchronous_commit=off: a job answered 202 may be lost if the"
                            + " database server crashes; turn it on for durable submits");
                }
                yield new StoreDurability(dataSource, false);
            }
        };
    }

    /**
     * Returns once every transaction this thread has committed is in the file. Call it after the
     * commit, outside the transaction.
     */
    void awaitDurable() {
        awaitDurable(committed());
    }

    /**
     * A ticket for what this thread has committed so far, to make durable later with {@link
     * #awaitDurable(long)}: a caller that will wait for more work anyway (a submit with {@code
     * Prefer: wait}) lets the next write cover its commit, often the write of the job's own result.
     */
    long committed() {
        return groupWrites ? asked.incrementAndGet() : 0;
    }

    /** Returns once the commits before {@code ticket} was taken are in the file. */
    void awaitDurable(long mine) {
        if (!groupWrites || written >= mine) {
            return;
        }
        writer.lock(); // a ReentrantLock: virtual threads unmount while they queue here
        try {
            if (written >= mine) {
                return; // the write that just ended began after this commit: it covered it
            }
            long upTo = asked.get();
            writeStore();
            written = upTo;
        } finally {
            writer.unlock();
        }
    }

    private void writeStore() {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (Statement s = c.createStatement()) {
            // H2's CHECKPOINT writes every committed change to the file, as a commit with write delay 0 does.
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new org.springframework.dao.DataAccessResourceFailureException("could not write the H2 store", e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }
}
