package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ServiceTest;
import dev.forkpool.api.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One bad task can crash only its worker: real child JVMs are killed, crash, time out and are
 * cancelled, and jobs still end as they should while the pool comes back to full strength.
 */
@TestPropertySource(
        properties = {
            "forkpool.pool.size=" + WorkerIsolationTest.WORKERS,
            "forkpool.pool.kill-grace=500ms",
            "forkpool.jobs.max-attempts=3"
        })
@DirtiesContext
class WorkerIsolationTest extends ServiceTest {
    private static final Duration FINISH = Duration.ofSeconds(120);
    private static final Duration RECOVER = Duration.ofSeconds(60);
    static final int WORKERS = 2;

    @Autowired
    WorkerPool pool;

    PoolProbe probe;

    @BeforeEach
    void fullPool() {
        probe = new PoolProbe(pool);
        probe.awaitAllIdle(RECOVER);
    }

    @AfterEach
    void poolRecoversAndStaysUp() {
        List<WorkerSnapshot> slots = probe.awaitAllIdle(RECOVER);
        assertThat(slots).hasSize(WORKERS);
        JsonNode view = api.pool();
        assertThat(view.get("alive").asInt()).isEqualTo(WORKERS);
        assertThat(view.get("down").asBoolean()).isFalse();
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("components").get("pool").get("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void aWorkerKilledWithSigkillMidChunkIsReplacedAndTheJobStillCompletes() {
        long crashesBefore = probe.restarts(ExitReason.CRASH);
        List<Integer> inputs = IntStream.range(0, 8).map(i -> 1500 + i).boxed().toList();
        UUID id = api.submit("sleep?chunkSize=2", inputs.toString());

        WorkerSnapshot busy = probe.awaitBusyWith(id, FINISH);
        ProcessHandle victim = PoolProbe.process(busy.pid()).orElseThrow();
        assertThat(victim.destroyForcibly()).isTrue();

        JsonNode done = api.awaitFinished(id, FINISH);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.results(id).json().get("results").toString())
                .isEqualTo(inputs.toString().replace(" ", ""));
        await().atMost(RECOVER).until(() -> probe.restarts(ExitReason.CRASH) > crashesBefore);
        await().atMost(RECOVER).until(() -> !victim.isAlive());
        await().atMost(RECOVER).until(() -> {
            WorkerSnapshot now = probe.slot(busy.slot());
            return now.alive() && !now.pid().equals(busy.pid());
        });
    }

    @Test
    void anItemThatKillsItsWorkerFailsAloneWithTheExitReasonAndOtherJobsNoticeNothing() {
        List<Integer> inputs = IntStream.rangeClosed(1, 20).boxed().toList();
        UUID crashy = api.submit("crashy", inputs.toString());
        List<Integer> squares = IntStream.rangeClosed(1, 40).boxed().toList();
        UUID square = api.submit("square", squares.toString());

        JsonNode crashyDone = api.awaitFinished(crashy, FINISH);
        JsonNode squareDone = api.awaitFinished(square, FINISH);

        assertThat(squareDone.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.results(square).json().get("results").valueStream().map(JsonNode::asLong))
                .containsExactlyElementsOf(
                        squares.stream().map(i -> (long) i * i).toList());

        assertThat(crashyDone.get("status").asString()).isEqualTo("FAILED");
        assertThat(crashyDone.get("completed").asInt()).isEqualTo(18);
        assertThat(crashyDone.get("failed").asInt()).isEqualTo(2);
        JsonNode results = api.results(crashy).json();
        List<JsonNode> values = results.get("results").valueStream().toList();
        for (int i = 0; i < inputs.size(); i++) {
            int input = inputs.get(i);
            if (input == 7 || input == 13) {
                assertThat(values.get(i).isNull()).as("result of %d", input).isTrue();
            } else {
                assertThat(values.get(i).asLong()).as("result of %d", input).isEqualTo(input);
            }
        }
        List<JsonNode> errors = results.get("errors").valueStream().toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("index").asInt()).isEqualTo(6);
        assertThat(errors.get(0).get("message").asString()).contains("seven is unlucky");
        assertThat(errors.get(1).get("index").asInt()).isEqualTo(12);
        assertThat(errors.get(1).get("input").asLong()).isEqualTo(13);
        assertThat(errors.get(1).get("message").asString())
                .contains("killed its worker 3 times")
                .contains("exit code 13");
    }

    @Test
    void aChunkPastItsDeadlineFailsAsTimedOutAndItsWorkerIsReplaced() {
        long timeoutsBefore = probe.restarts(ExitReason.TIMEOUT);
        UUID id = api.submit("sleep?timeout=PT1S", "[5000]");

        WorkerSnapshot busy = probe.awaitBusyWith(id, FINISH);
        JsonNode done = api.awaitFinished(id, FINISH);

        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("timeout").asString()).isEqualTo("PT1S");
        JsonNode error = api.results(id).json().get("errors").get(0);
        assertThat(error.get("index").asInt()).isZero();
        assertThat(error.get("message").asString()).contains("timed out").contains("PT1S");
        await().atMost(RECOVER).until(() -> !PoolProbe.isAlive(busy.pid()));
        await().atMost(RECOVER).until(() -> {
            WorkerSnapshot now = probe.slot(busy.slot());
            return now.alive() && !now.pid().equals(busy.pid());
        });
        assertThat(probe.slot(busy.slot()).restarts().getOrDefault(ExitReason.TIMEOUT, 0L))
                .isEqualTo(busy.restarts().getOrDefault(ExitReason.TIMEOUT, 0L) + 1);
        assertThat(probe.restarts(ExitReason.TIMEOUT)).isEqualTo(timeoutsBefore + 1);
    }

    @Test
    void cancellingAJobKillsTheWorkersRunningItWithinASecondOrTwo() {
        UUID id = api.submit("sleep?chunkSize=1", "[30000, 30000, 30000]");
        await().atMost(FINISH).until(() -> probe.busyWith(id).size() == WORKERS);
        List<Long> victims =
                probe.busyWith(id).stream().map(WorkerSnapshot::pid).toList();
        long cancelsBefore = probe.restarts(ExitReason.CANCEL);

        ApiClient.Response r = api.delete("/jobs/" + id);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(2))
                .until(() -> probe.busyWith(id).isEmpty() && victims.stream().noneMatch(PoolProbe::isAlive));
        assertThat(api.job(id).get("status").asString()).isEqualTo("CANCELLED");
        await().atMost(RECOVER).until(() -> probe.restarts(ExitReason.CANCEL) == cancelsBefore + WORKERS);
        probe.awaitAllIdle(RECOVER);
        assertThat(probe.pids()).doesNotContainAnyElementsOf(victims);
        // The cancelled job's third chunk never ran, and the job stays cancelled.
        assertThat(api.job(id).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.job(id).get("completed").asInt()).isZero();
    }
}
