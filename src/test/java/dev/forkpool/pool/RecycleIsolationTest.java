package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Workers are replaced after their task limit, between chunks, without losing a result. */
@TestPropertySource(properties = {"forkpool.pool.max-tasks-per-worker=3"})
@DirtiesContext
class RecycleIsolationTest extends ServiceTest {
    private static final int CHUNKS = 18;

    @Autowired
    WorkerPool pool;

    @Test
    void workersAreRecycledAfterTheirTaskLimitAndResultsStayCorrect() {
        PoolProbe probe = new PoolProbe(pool);
        List<Long> firstPids = probe.awaitAllIdle(Duration.ofSeconds(60)).stream()
                .map(WorkerSnapshot::pid)
                .toList();
        List<Integer> inputs =
                IntStream.range(0, CHUNKS).map(i -> 1_000_000_000 + i).boxed().toList();

        UUID id = api.submit("square?chunkSize=1", inputs.toString());
        JsonNode done = api.awaitFinished(id, Duration.ofSeconds(120));

        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("chunks").asInt()).isEqualTo(CHUNKS);
        assertThat(api.results(id).json().get("results").valueStream().map(JsonNode::asLong))
                .containsExactlyElementsOf(
                        inputs.stream().map(i -> (long) i * i).toList());
        // At most one process per slot can be left with fewer than 3 chunks: (18 - 2 * 2) / 3 rounds up to 5.
        await().atMost(Duration.ofSeconds(60)).until(() -> probe.restarts(ExitReason.RECYCLE) >= 5);
        assertThat(probe.restarts(ExitReason.CRASH)).isZero();
        assertThat(probe.slots().stream().mapToLong(WorkerSnapshot::tasksDone).sum())
                .isEqualTo(CHUNKS);
        probe.awaitAllIdle(Duration.ofSeconds(60));
        assertThat(probe.pids()).doesNotContainAnyElementsOf(firstPids);
        firstPids.forEach(pid -> assertThat(PoolProbe.isAlive(pid)).isFalse());
    }
}
