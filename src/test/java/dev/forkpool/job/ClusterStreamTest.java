package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events and results streams of a job that runs on another node: node a accepts the job and
 * serves the streams but runs nothing (its dispatcher is halted), node b runs every chunk. a sees
 * b's progress only through the shared PostgreSQL store.
 */
class ClusterStreamTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PostgresSchema schema;
    private ClusterNodes cluster;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
    void eventsAndResultsStreamFromANodeThatRunsNothingOfTheJob() throws Exception {
        var a = cluster.start("a", 1);
        var b = cluster.start("b", 1);
        a.context().getBean(Dispatcher.class).halt();
        String id = a.submit("sleep", "[300, 300, 300, 300, 300, 300]", "?chunkSize=1");
        String base = "http://127.0.0.1" + ":" + a.context().getEnvironment().getProperty("local.server.port");

        CompletableFuture<HttpResponse<String>> events = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + id + "/events"))
                        .timeout(Duration.ofSeconds(90))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> lines = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + id + "/results?order=completion"))
                        .header("Accept", "application/x-ndjson")
                        .timeout(Duration.ofSeconds(90))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        List<JsonNode> views = new ArrayList<>();
        for (String block : events.get(90, TimeUnit.SECONDS).body().split("\n\n")) {
            if (block.startsWith("event: job\ndata: ")) {
                views.add(JSON.readTree(block.substring("event: job\ndata: ".length())));
            }
        }
        assertThat(views).isNotEmpty();
        JsonNode last = views.get(views.size() - 1);
        assertThat(last.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(last.get("completed").asInt()).isEqualTo(6);
        assertThat(last.get("nodes").valueStream().map(JsonNode::asString)).containsExactly("b");

        List<String> results = lines.get(90, TimeUnit.SECONDS).body().lines().toList();
        assertThat(results).hasSize(7);
        assertThat(results.subList(0, 6))
                .allSatisfy(
                        l -> assertThat(JSON.readTree(l).get("value").asLong()).isEqualTo(300));
        assertThat(JSON.readTree(results.get(6)).get("status").asString()).isEqualTo("SUCCEEDED");
        Map<String, Object> view = b.job(id);
        assertThat(view.get("submittedOn")).isEqualTo("a");
    }
}
