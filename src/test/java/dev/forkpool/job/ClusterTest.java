package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Several real nodes on one PostgreSQL: each with its own HTTP server, dispatcher and child worker
 * processes. Nothing here sleeps; waits are Awaitility polls with generous limits, since the
 * machine is shared.
 */
class ClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private PostgresSchema schema;
    private ClusterNodes cluster;

    @BeforeEach
    void freshSchema() {
        schema = PostgresSchema.create();
        cluster = new ClusterNodes(schema);
    }

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void aJobSubmittedToOneNodeRunsOnBothAndIsReadFromEither() {
        var a = cluster.start("a", 1);
        var b = cluster.start("b", 1);
        List<Integer> items = IntStream.range(0, 24).map(i -> 150 + i).boxed().toList();

        String id = a.submit("sleep", items.toString(), "?chunkSize=1");

        ResponseEntity<Map<String, Object>> results = await().atMost(PATIENCE)
                .until(
                        () -> b.http()
                                .get()
                                .uri("/jobs/" + id + "/results")
                                .header("Prefer", "wait=10")
                                .retrieve()
                                .toEntity(ClusterNodes.JSON),
                        r -> r.getStatusCode().value() == 200);
        assertThat(results.getHeaders().getFirst("Preference-Applied")).isEqualTo("wait=10");
        assertThat(results.getBody().get("results")).isEqualTo(items);

        Map<String, Object> view = b.job(id);
        assertThat(view.get("status")).isEqualTo("SUCCEEDED");
        assertThat(view.get("submittedOn")).isEqualTo("a");
        assertThat((List<Object>) view.get("nodes")).containsExactly("a", "b");

        Map<String, Object> nodes =
                b.http().get().uri("/actuator/nodes").retrieve().body(ClusterNodes.JSON);
        assertThat(nodes.get("self")).isEqualTo("b");
        assertThat((List<Map<String, Object>>) nodes.get("nodes"))
                .extracting(n -> n.get("id"))
                .containsExactly("a", "b");
        Map<String, Object> health =
                a.http().get().uri("/actuator/health").retrieve().body(ClusterNodes.JSON);
        assertThat(health).extractingByKey("components").asString().contains("POSTGRESQL");
    }

    @Test
    void preferWaitOnAnotherNodeReturnsWhenTheJobFinishes() {
        var a = cluster.start("a", 1);
        var b = cluster.start("b", 1);
        String id = a.submit("square", "[1, 2, 3, 12345678901234567890]", "");

        Map<String, Object> view = await().atMost(PATIENCE)
                .until(
                        () -> b.http()
                                .get()
                                .uri("/jobs/" + id)
                                .header("Prefer", "wait=10")
                                .retrieve()
                                .body(ClusterNodes.JSON),
                        v -> "SUCCEEDED".equals(v.get("status")));
        assertThat(view.get("completed")).isEqualTo(4);
    }

    @Test
    void whenANodeDiesTheOtherFinishesItsChunks() {
        var a = cluster.start("a", 2);
        var b = cluster.start("b", 1);
        List<Integer> items = Collections.nCopies(9, 1500);
        String id = a.submit("sleep", items.toString(), "?chunkSize=1");
        await().atMost(PATIENCE).until(() -> a.busyWorkers() > 0 && b.busyWorkers() > 0);

        a.crash();

        // a's chunks come back when their 3 s lease runs out, and b runs them: every item, once.
        await().atMost(PATIENCE).until(() -> "SUCCEEDED".equals(b.job(id).get("status")));
        Map<String, Object> results =
                b.http().get().uri("/jobs/" + id + "/results").retrieve().body(ClusterNodes.JSON);
        assertThat(results.get("results")).isEqualTo(items);
        assertThat(results.get("completed")).isEqualTo(9);
        assertThat(countChunks("claims > 1 AND ran_on = 'b'"))
                .as("chunks taken over from the dead node")
                .isPositive();
        assertThat(b.http().get().uri("/actuator/nodes").retrieve().body(ClusterNodes.JSON))
                .extractingByKey("nodes")
                .asString()
                .doesNotContain("id=a");
    }

    @Test
    void aRestartedNodeFinishesEveryAcceptedJob() {
        var a = cluster.start("a", 2);
        List<List<Integer>> inputs = List.of(
                Collections.nCopies(6, 400), IntStream.range(1, 8).boxed().toList(), Collections.nCopies(4, 300));
        List<String> ids = List.of(
                a.submit("sleep", inputs.get(0).toString(), "?chunkSize=1"),
                a.submit("square", inputs.get(1).toString(), "?chunkSize=2"),
                a.submit("sleep", inputs.get(2).toString(), "?chunkSize=1"));
        await().atMost(PATIENCE).until(() -> a.busyWorkers() > 0);

        a.crash();
        var again = cluster.start("a", 2);

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            await().atMost(PATIENCE)
                    .until(() -> "SUCCEEDED".equals(again.job(id).get("status")));
            Map<String, Object> results = again.http()
                    .get()
                    .uri("/jobs/" + id + "/results")
                    .retrieve()
                    .body(ClusterNodes.JSON);
            List<Integer> expected =
                    i == 1 ? inputs.get(1).stream().map(x -> x * x).collect(Collectors.toList()) : inputs.get(i);
            assertThat(results.get("results")).isEqualTo(expected);
        }
    }

    private long countChunks(String where) {
        var ds = new SingleConnectionDataSource(schema.url(), PostgresSchema.USER, PostgresSchema.PASSWORD, true);
        try {
            return JdbcClient.create(ds)
                    .sql("SELECT COUNT(*) FROM fp_chunk WHERE " + where)
                    .query(Long.class)
                    .single();
        } finally {
            ds.destroy();
        }
    }
}
