package dev.forkpool.job;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL, as several nodes share it; each run gets a fresh schema. */
class PostgresJobStoreTest extends JobStoreContractTest {
    private PostgresSchema schema;

    @Test
    void aJobInsertedByOneNodeWakesTheOthersThroughListenNotify() {
        AtomicInteger wakes = new AtomicInteger();
        ReadyListener listener = new ReadyListener(dataSource, SqlDialect.POSTGRESQL, wakes::incrementAndGet, 1000);
        listener.start();
        try {
            // It wakes once when it starts listening (work may have arrived while it was not).
            await().atMost(Duration.ofSeconds(30)).until(() -> wakes.get() >= 1);
            int before = wakes.get();
            insertJob(3, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> wakes.get() > before);
        } finally {
            listener.stop();
        }
    }

    @Override
    String openDatabase() {
        schema = PostgresSchema.create();
        return schema.url();
    }

    @Override
    String user() {
        return PostgresSchema.USER;
    }

    @Override
    void closeDatabase() {
        if (schema != null) {
            schema.close();
        }
    }
}
