package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/** {@code GET /pool} over real HTTP, with two real worker processes. */
@DirtiesContext
class PoolApiTest extends ServiceTest {
    @Test
    void listsEverySlotWithItsProcessCountersAndRestartReasons() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> allAlive(api.get("/pool").json()));

        ApiClient.Response response = api.get("/pool");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode workers = response.json().get("workers");
        assertThat(workers).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode w = workers.get(i);
            assertThat(w.get("slot").asInt()).isEqualTo(i);
            assertThat(w.get("state").asString()).isIn("IDLE", "BUSY", "STARTING", "RETIRING", "BACKING_OFF");
            assertThat(w.get("pid").asLong()).isPositive();
            assertThat(w.get("tasks").asLong()).isNotNegative();
            assertThat(names(w.get("restarts"))).containsExactly("crash", "timeout", "recycle", "cancel");
            assertThat(w.get("running").isArray()).isTrue();
        }
    }

    @Test
    void hasOneCoreEntryPerLogicalCpuWithUtilizationBetweenZeroAndOne() {
        JsonNode cores = api.get("/pool").json().get("cores");

        assertThat(cores.size()).isPositive();
        for (int i = 0; i < cores.size(); i++) {
            assertThat(cores.get(i).get("core").asInt()).isEqualTo(i);
            assertThat(cores.get(i).get("utilization").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void showsTheJobAndFirstItemOfTheChunkABusyWorkerRuns() {
        UUID id = api.submit("sleep?chunkSize=1", "[30000, 30000]");
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> running = new ArrayList<>();
                api.get("/pool")
                        .json()
                        .get("workers")
                        .forEach(w -> w.get("running")
                                .forEach(r -> running.add(r.get("jobId").asString() + "@"
                                        + r.get("startIndex").asInt())));
                assertThat(running).containsExactlyInAnyOrder(id + "@0", id + "@1");
            });
        } finally {
            api.delete("/jobs/" + id);
        }
    }

    private static boolean allAlive(JsonNode pool) {
        for (JsonNode w : pool.get("workers")) {
            if (w.get("pid").isNull()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }
}
