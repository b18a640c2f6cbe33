package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store contract on PostgreSQL, as several nodes share it; each run gets a fresh schema. */
class PostgresJobStoreTest extends JobStoreContractTest {
    private PostgresSchema schema;

    @Test
    void aJobInsertedByOneNodeWakesTheOthersThroughListenNotify() {
        AtomicInteger wakes = new AtomicInteger();
        ReadyListener listener =
                new ReadyListener(dataSource, SqlDialect.POSTGRESQL, wakes::incrementAndGet, id -> {}, 1000);
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

    @Test
    void aJobFinishedOnAnotherNodeIsAnnouncedToTheNodeItWasSubmittedOn() {
        AtomicInteger wakes = new AtomicInteger();
        Set<UUID> finished = ConcurrentHashMap.newKeySet();
        ReadyListener listener =
                new ReadyListener(dataSource, SqlDialect.POSTGRESQL, wakes::incrementAndGet, finished::add, 1000);
        listener.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> wakes.get() >= 1); // listening
            Job job = insertJob(1, 1); // submitted on node "a"
            ClaimedChunk chunk = otherNode.claim("b", 1, Duration.ofMinutes(1)).getFirst();
            assertThat(completeOk(otherNode, chunk, "b")).isEqualTo(JobStore.Completion.FINISHED);
            await().atMost(Duration.ofSeconds(30)).until(() -> finished.contains(job.id()));
            // A job finished on the node it was submitted on needs no announcement.
            Job local = insertJob(1, 1);
            ClaimedChunk own = store.claim("a", 1, Duration.ofMinutes(1)).getFirst();
            assertThat(completeOk(store, own, "a")).isEqualTo(JobStore.Completion.FINISHED);
            Job third = insertJob(1, 1);
            ClaimedChunk other = otherNode.claim("b", 1, Duration.ofMinutes(1)).getFirst();
            completeOk(otherNode, other, "b");
            await().atMost(Duration.ofSeconds(30)).until(() -> finished.contains(third.id()));
            assertThat(finished).doesNotContain(local.id());
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
