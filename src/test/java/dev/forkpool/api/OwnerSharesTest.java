package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Fair shares and quotas per owner, over real HTTP with keys on and real workers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OwnerSharesTest {
    private static final Duration FINISH = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 2);
        registry.add("forkpool.quotas.max-active-jobs-per-owner", () -> 4);
        registry.add("forkpool.jobs.max-job-cpu", () -> "2s");
        ApiKeysTest.key(registry, 0, "alice", "submitter", ApiKeysTest.ALICE);
        ApiKeysTest.key(registry, 1, "bob", "submitter", ApiKeysTest.BOB);
    }

    @LocalServerPort
    int port;

    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void clients() {
        alice = new ApiClient(port, ApiKeysTest.ALICE);
        bob = new ApiClient(port, ApiKeysTest.BOB);
    }

    @Test
    void aHeavyOwnerGetsA429AndSlowsOnlyItself() {
        String heavy = ApiClient.array(Collections.nCopies(30, 1000).toArray());
        List<UUID> heavyJobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            heavyJobs.add(alice.submit("sleep?chunkSize=1", heavy));
        }

        ApiClient.Response refused = alice.post("/jobs/sleep?chunkSize=1", heavy);
        assertProblem(refused, 429, "queue-full");
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(refused.json().get("detail").asString()).contains("alice");

        UUID light = bob.submit("square?chunkSize=1", "[1,2,3,4,5,6]");
        JsonNode done = bob.awaitFinished(light, FINISH);

        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(heavyJobs.stream().map(id -> alice.job(id).get("status").asString()))
                .anyMatch(s -> !ApiClient.isFinished(s));
        heavyJobs.forEach(id -> alice.delete("/jobs/" + id));
    }

    @Test
    void aJobPastItsCpuCapFailsWithTheReasonAndStops() {
        // Each item is about 3 s of CPU here; the cap is 2 s.
        UUID id = bob.submit(
                "spin?chunkSize=1",
                ApiClient.array(Collections.nCopies(8, 1_500_000_000L).toArray()));

        JsonNode done = bob.awaitFinished(id, FINISH);

        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("failureReason").asString()).contains("forkpool.jobs.max-job-cpu");
        assertThat(done.get("completed").asInt() + done.get("failed").asInt()).isLessThan(8);
    }
}
