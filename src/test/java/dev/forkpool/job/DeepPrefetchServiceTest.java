package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ServiceTest;
import dev.forkpool.api.ApiClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole service with one worker: after cheap chunks its claims and fast path count on deep
 * places (max-prefetch 8), yet a job of 300 ms chunks must not queue more than prefetch (2) of them
 * on the worker; the rest go back to ready and still run.
 */
@DirtiesContext
// prefetch-work 100 ms: a worker JVM fresh from start takes a few ms even for a sleep of 0, and
// the first job must teach the node that sleeps of 0 are cheap.
@TestPropertySource(properties = {"forkpool.pool.size=1", "forkpool.pool.prefetch-work=100ms"})
class DeepPrefetchServiceTest extends ServiceTest {

    @Test
    void longChunksAfterCheapOnesAreHeldTwoAtATimeAndAllRun() {
        // Teach the node that sleep chunks are cheap, and leave the worker with a cheap last chunk.
        UUID cheap = api.submit("sleep?chunkSize=1", ApiClient.array(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(api.awaitFinished(cheap, Duration.ofSeconds(60))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");

        UUID slow = api.submit("sleep?chunkSize=1", ApiClient.array(300, 301, 302, 303, 304, 305));
        AtomicInteger mostHeld = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    int held = api.get("/pool")
                            .json()
                            .get("workers")
                            .get(0)
                            .get("running")
                            .size();
                    mostHeld.accumulateAndGet(held, Math::max);
                    return ApiClient.isFinished(api.job(slow).get("status").asString());
                });

        assertThat(api.job(slow).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(mostHeld.get())
                .as("chunks of 300 ms held by the worker at once")
                .isBetween(1, 2);
        assertThat(api.results(slow).json().get("results").valueStream().map(JsonNode::asLong))
                .containsExactly(300L, 301L, 302L, 303L, 304L, 305L);
    }
}
