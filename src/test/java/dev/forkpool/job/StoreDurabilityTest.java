package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Group writes on a real H2 file. {@code SHUTDOWN IMMEDIATELY} closes the file without writing
 * anything, as a kill -9 would leave it; the database is then opened again and read. H2's own
 * background write is pushed far out, so only {@link StoreDurability#awaitDurable()} can have
 * written what survives.
 */
class StoreDurabilityTest {
    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private StoreDurability durability;

    @BeforeEach
    void open() {
        dataSource = dataSource();
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE t (n INT PRIMARY KEY)").update();
        durability = StoreDurability.of(dataSource, SqlDialect.H2);
        jdbc.sql("SET WRITE_DELAY 600000").update();
        durability.awaitDurable(); // the table itself
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aCommitWithoutAWriteIsLostToAnAbruptClose() {
        // The control: shows that the abrupt close below does lose what was not written.
        jdbc.sql("INSERT INTO t VALUES (1)").update();
        assertThat(rowsAfterAbruptCloseAndReopen()).isEmpty();
    }

    @Test
    void aCommitSurvivesAnAbruptCloseOnceAwaitDurableHasReturned() {
        jdbc.sql("INSERT INTO t VALUES (1)").update();
        durability.awaitDurable();
        assertThat(rowsAfterAbruptCloseAndReopen()).containsExactly(1);
    }

    @Test
    void aTicketTakenAfterACommitIsCoveredByALaterWrite() {
        jdbc.sql("INSERT INTO t VALUES (1)").update();
        long ticket = durability.committed();
        jdbc.sql("INSERT INTO t VALUES (2)").update();
        durability.awaitDurable(); // writes both commits
        durability.awaitDurable(ticket); // already covered: returns without a write of its own
        assertThat(rowsAfterAbruptCloseAndReopen()).containsExactly(1, 2);
    }

    @Test
    void concurrentCommitsAllSurviveOnceTheirCallsReturn() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    start.await();
                    jdbc.sql("INSERT INTO t VALUES (?)").param(n).update();
                    durability.awaitDurable();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowsAfterAbruptCloseAndReopen()).hasSize(threads);
    }

    private List<Integer> rowsAfterAbruptCloseAndReopen() {
        jdbc.sql("SHUTDOWN IMMEDIATELY").update();
        dataSource.close();
        dataSource = dataSource();
        return JdbcClient.create(dataSource)
                .sql("SELECT n FROM t ORDER BY n")
                .query(Integer.class)
                .list();
    }

    private HikariDataSource dataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUsername("sa");
        ds.setMaximumPoolSize(16);
        return ds;
    }
}
