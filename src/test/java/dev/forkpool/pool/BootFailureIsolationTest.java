package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ServiceTest;
import dev.forkpool.api.ApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Workers that cannot start turn health DOWN, and the pool backs off instead of spinning. */
@TestPropertySource(
        properties = {
            "forkpool.pool.jvm-options=-XX:+NoSuchFlag",
            "forkpool.pool.boot-backoff=100ms",
            "forkpool.pool.max-boot-backoff=1000ms",
            "forkpool.pool.boot-failures-until-down=3"
        })
@DirtiesContext
class BootFailureIsolationTest extends ServiceTest {
    private static final Duration MAX_BACKOFF = Duration.ofMillis(1000);

    @Autowired
    WorkerPool pool;

    @Test
    void aPoolThatCannotStartWorkersIsDownAndBacksOff() {

        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/actuator/health").status() == 503);
        ApiClient.Response health = api.get("/actuator/health");
        assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
        JsonNode poolHealth = health.json().get("components").get("pool");
        assertThat(poolHealth.get("status").asString()).isEqualTo("DOWN");
        assertThat(poolHealth.get("details").get("failedStartsInARow").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(poolHealth.get("details").get("alive").asInt()).isZero();
        assertThat(api.pool().get("down").asBoolean()).isTrue();

        // Once the backoff has reached its cap, each slot tries at most once per MAX_BACKOFF. Count
        // the failures over a stretch: a spinning pool would rack up hundreds.
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.bootFailuresInARow() >= 8);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pool.snapshot().stream().anyMatch(s -> s.state().equals("BACKING_OFF")));
        int from = pool.bootFailuresInARow();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.bootFailuresInARow() >= from + 4);
        int attempts = pool.bootFailuresInARow() - from;
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        long allowed = pool.size() * (elapsedMillis / MAX_BACKOFF.toMillis() + 1);
        assertThat(attempts)
                .as("%d failed starts in %d ms", attempts, elapsedMillis)
                .isLessThanOrEqualTo((int) allowed);
        assertThat(pool.snapshot()).allSatisfy(s -> assertThat(s.alive()).isFalse());
    }
}
