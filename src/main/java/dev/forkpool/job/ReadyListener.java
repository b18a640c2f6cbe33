package dev.forkpool.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes this node's dispatcher when another node has made chunks ready, by PostgreSQL's
 * LISTEN/NOTIFY, so an idle node picks up a job submitted elsewhere at once instead of at its next
 * poll; and answers this node's waiters on a job that another node finished, at once instead of at
 * the next wait poll (a 2-node benchmark spent most of each small job's time in that poll). The adaptive poll stays as the fallback: a lost connection costs only the push, and this
 * listener reconnects after {@code forkpool.node.idle-poll}. It holds one connection of the pool.
 * On H2 (one node) there is nobody to hear from, and it does nothing.
 */
class ReadyListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ReadyListener.class);
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Runnable wake;
    private final java.util.function.Consumer<java.util.UUID> finished;
    private final long retryMillis;
    private volatile boolean running;
    private Thread thread;

    ReadyListener(
            DataSource dataSource,
            SqlDialect dialect,
            Runnable wake,
            java.util.function.Consumer<java.util.UUID> finished,
            long retryMillis) {
        this.dataSource = dataSource;
        this.finished = finished;
        this.dialect = dialect;
        this.wake = wake;
        this.retryMillis = retryMillis;
    }

    @Override
    public void start() {
        running = true;
        if (dialect.listenReady != null) {
            thread = Thread.ofPlatform().name("ready-listener").daemon().start(this::loop);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2 * WAIT_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void finishedElsewhere(String jobId) {
        try {
            finished.accept(java.util.UUID.fromString(jobId));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring a finished-job notification that names no job: '{}'", jobId);
        }
    }

    private void loop() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute(dialect.listenReady);
                    listen.execute(dialect.listenFinished);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                // Whatever was submitted while we were not listening is found by the next claim.
                wake.run();
                while (running) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
                    boolean ready = false;
                    for (PGNotification note : notes == null ? new PGNotification[0] : notes) {
                        if (note.getName().equals(SqlDialect.Channels.FINISHED)) {
                            finishedElsewhere(note.getParameter());
                        } else {
                            ready = true;
                        }
                    }
                    if (ready) {
                        wake.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn(
                        "listening for ready chunks failed ({}); polling meanwhile, retrying in {} ms",
                        e.toString(),
                        retryMillis);
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
