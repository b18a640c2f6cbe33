package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.api.ApiClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted means durable: a burst of submits, each answered 202, then kill -9 of the service at
 * once, before any background flush could run; the service restarted on the same H2 file knows
 * every job it accepted, and finishes them all. And what a waited answer reported finished is
 * finished after the restart too, with the same results.
 */
class AcceptedJobSurvivesKillTest {
    private static final int ROUNDS = 2;
    private static final int BURST = 20;

    @TempDir
    Path dataDir;

    private ServiceProcesses services;

    @BeforeEach
    void processes() {
        services = new ServiceProcesses(dataDir);
    }

    @AfterEach
    void stopEverythingStartedHere() throws InterruptedException {
        services.close();
    }

    @Test
    void everyJobAnswered202IsThereAfterKillMinus9AndRestart() throws Exception {
        List<UUID> accepted = new ArrayList<>();
        var service = services.start();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < BURST; i++) {
                accepted.add(service.api().submit("square", "[1,2,3,4,5]"));
            }
            ServiceProcesses.kill(service);
            service = services.start();
            ApiClient api = service.api();
            List<UUID> missing = accepted.stream()
                    .filter(id -> api.get("/jobs/" + id).status() != 200)
                    .toList();
            assertThat(missing)
                    .as("accepted jobs lost after kill -9 in round %d", round)
                    .isEmpty();
        }
        for (UUID id : accepted) {
            var done = service.api().awaitFinished(id, ServiceProcesses.START);
            assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aJobAnsweredSucceededWithPreferWaitIsStillSucceededAfterKillMinus9() throws Exception {
        var service = services.start();
        List<UUID> answered = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            var response = service.api().post("/jobs/square", "[" + i + ",2,3]", "Prefer", "wait=10");
            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().get("status").asString()).isEqualTo("SUCCEEDED");
            answered.add(UUID.fromString(response.json().get("id").asString()));
        }
        ServiceProcesses.kill(service);
        service = services.start();
        for (int i = 0; i < BURST; i++) {
            var job = service.api().get("/jobs/" + answered.get(i));
            assertThat(job.status()).as("job %d after the restart", i).isEqualTo(200);
            assertThat(job.json().get("status").asString())
                    .as("job %d, answered SUCCEEDED before the kill", i)
                    .isEqualTo("SUCCEEDED");
            assertThat(service.api()
                            .results(answered.get(i))
                            .json()
                            .get("results")
                            .toString())
                    .isEqualTo("[" + (i * i) + ",4,9]");
        }
    }
}
