package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The jobs API as a client sees it, over real HTTP, with real workers and an H2 file. */
class JobApiContractTest extends ServiceTest {
    private static final Duration FINISH = Duration.ofSeconds(60);

    @Test
    void theSeedExampleSquaresOneToFive() {
        ApiClient.Response submitted = api.post("/jobs/square", "[1,2,3,4,5]");

        assertThat(submitted.status()).isEqualTo(202);
        JsonNode view = submitted.json();
        UUID id = UUID.fromString(view.get("id").asString());
        assertThat(submitted.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/jobs/" + id));
        assertThat(view.get("function").asString()).isEqualTo("square");
        assertThat(view.get("total").asInt()).isEqualTo(5);
        assertThat(view.get("results").asString()).isEqualTo("/jobs/" + id + "/results");

        JsonNode done = api.awaitFinished(id, FINISH);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("completed").asInt()).isEqualTo(5);
        assertThat(done.get("failed").asInt()).isZero();
        assertThat(done.get("finishedAt").isNull()).isFalse();

        ApiClient.Response results = api.results(id);
        assertThat(results.contentType()).startsWith("application/json");
        assertThat(results.json().get("results").valueStream().map(JsonNode::asLong))
                .containsExactly(1L, 4L, 9L, 16L, 25L);
        assertThat(results.json().get("errors").size()).isZero();
        assertThat(results.json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void theLocationHeaderLeadsToTheJob() {
        ApiClient.Response submitted = api.post("/jobs/square", "[3]");
        String location = submitted.header("Location").orElseThrow();

        ApiClient.Response job = api.get(java.net.URI.create(location).getPath());

        assertThat(job.status()).isEqualTo(200);
        assertThat(job.json().get("id").asString())
                .isEqualTo(submitted.json().get("id").asString());
    }

    @Test
    void bigIntegersSquareToTheDigit() {
        UUID id = api.submit("square", "[12345678901234567890, -3037000500, 9223372036854775807]");

        api.awaitFinished(id, FINISH);

        assertThat(api.results(id).body())
                .contains("\"results\":[152415787532388367501905199875019052100,9223372037000250000,"
                        + "85070591730234615847396907784232501249]");
    }

    @Test
    void decimalsSquareExactly() {
        UUID id = api.submit("square", "[2.5, 1.0, -0.1, 1e2]");

        api.awaitFinished(id, FINISH);

        assertThat(api.results(id).body()).contains("\"results\":[6.25,1.0,0.01,10000.0]");
    }

    @Test
    void anEmptyArraySucceedsAtOnce() {
        ApiClient.Response submitted = api.post("/jobs/square", "[]");

        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(submitted.json().get("total").asInt()).isZero();
        UUID id = UUID.fromString(submitted.json().get("id").asString());
        ApiClient.Response results = api.results(id);
        assertThat(results.json().get("results").size()).isZero();
        assertThat(results.json().get("errors").size()).isZero();
    }

    @Test
    void aFailingItemFailsAloneAndTheJobKeepsTheOtherResults() {
        UUID id = api.submit("crashy?chunkSize=3", "[6, 7, 8]");

        JsonNode done = api.awaitFinished(id, FINISH);

        assertThat(done.get("status").asString()).isEqualTo("FAILED");
        assertThat(done.get("completed").asInt()).isEqualTo(2);
        assertThat(done.get("failed").asInt()).isEqualTo(1);
        JsonNode results = api.results(id).json();
        assertThat(results.get("results").toString()).isEqualTo("[6,null,8]");
        JsonNode error = results.get("errors").get(0);
        assertThat(error.get("index").asInt()).isEqualTo(1);
        assertThat(error.get("input").asLong()).isEqualTo(7);
        assertThat(error.get("message").asString()).contains("seven is unlucky");
        assertThat(results.get("errors").size()).isEqualTo(1);
    }

    @Test
    void preferWaitOnPostAnswersOnceTheJobHasFinished() {
        ApiClient.Response r = api.post("/jobs/square", "[1,2,3]", "Prefer", "wait=30");

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.header("Preference-Applied")).contains("wait=30");
        assertThat(r.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(r.header("Location")).isPresent();
    }

    @Test
    void preferWaitOnGetAnswersOnceTheJobHasFinished() {
        UUID id = api.submit("sleep", "[300]");

        ApiClient.Response r = api.get("/jobs/" + id, "Prefer", "wait=30");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Preference-Applied")).contains("wait=30");
        assertThat(r.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/jobs/" + id).header("Preference-Applied")).isEmpty();
    }

    @Test
    void preferWaitOnResultsAnswersWithTheResults() {
        UUID id = api.submit("sleep", "[300, 200]");

        ApiClient.Response r = api.get("/jobs/" + id + "/results", "Prefer", "wait=30");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Preference-Applied")).contains("wait=30");
        assertThat(r.json().get("results").toString()).isEqualTo("[300,200]");
    }

    @Test
    void resultsOfAnUnfinishedJobAre202WithRetryAfterThenCancelThenDelete() {
        UUID id = api.submit("sleep", "[30000]");

        ApiClient.Response early = api.get("/jobs/" + id + "/results");
        assertThat(early.status()).isEqualTo(202);
        assertThat(early.header("Retry-After")).contains("1");
        assertThat(early.json().get("status").asString()).isIn("QUEUED", "RUNNING");
        assertThat(early.json().get("id").asString()).isEqualTo(id.toString());

        ApiClient.Response waited = api.get("/jobs/" + id + "/results", "Prefer", "wait=1");
        assertThat(waited.status()).isEqualTo(202);
        assertThat(waited.header("Preference-Applied")).contains("wait=1");

        ApiClient.Response cancelled = api.delete("/jobs/" + id);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.job(id).get("status").asString()).isEqualTo("CANCELLED");

        assertThat(api.delete("/jobs/" + id).status()).isEqualTo(204);
        assertProblem(api.get("/jobs/" + id), 404, "unknown-job");
    }

    @Test
    void deletingAFinishedJobRemovesIt() {
        UUID id = api.submit("square", "[2]");
        api.awaitFinished(id, FINISH);

        ApiClient.Response deleted = api.delete("/jobs/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertProblem(api.get("/jobs/" + id), 404, "unknown-job");
        assertProblem(api.get("/jobs/" + id + "/results"), 404, "unknown-job");
        assertThat(api.allJobIds("")).doesNotContain(id);
    }

    @Test
    void functionsAreListedWithDescriptions() {
        ApiClient.Response r = api.get("/functions");

        assertThat(r.status()).isEqualTo(200);
        Map<String, String> functions = new HashMap<>();
        r.json()
                .forEach(f -> functions.put(
                        f.get("name").asString(), f.get("description").asString()));
        assertThat(functions).containsKeys("square", "spin", "sleep", "crashy");
        assertThat(functions.values()).allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Test
    void jobsAreListedNewestFirstAcrossPagesAndByStatus() {
        Map<UUID, Instant> created = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            JsonNode view = api.post("/jobs/square", "[" + i + "]").json();
            created.put(
                    UUID.fromString(view.get("id").asString()),
                    Instant.parse(view.get("createdAt").asString()));
        }
        created.keySet().forEach(id -> api.awaitFinished(id, FINISH));
        // Newest first; jobs created in the same millisecond are ordered by id, descending.
        List<UUID> expected = new ArrayList<>(created.keySet());
        expected.sort(Comparator.comparing((UUID id) -> created.get(id))
                .thenComparing(id -> id)
                .reversed());

        List<UUID> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String path = "/jobs?limit=2";
        int pages = 0;
        while (path != null) {
            ApiClient.Response r = api.get(path);
            assertThat(r.status()).isEqualTo(200);
            JsonNode page = r.json();
            assertThat(page.get("jobs").size()).isLessThanOrEqualTo(2);
            page.get("jobs").forEach(j -> {
                seen.add(UUID.fromString(j.get("id").asString()));
                times.add(Instant.parse(j.get("createdAt").asString()));
            });
            pages++;
            JsonNode next = page.get("next");
            if (next.isNull()) {
                assertThat(r.header("Link")).isEmpty();
                path = null;
            } else {
                assertThat(r.header("Link"))
                        .hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\""));
                path = "/jobs?limit=2&cursor=" + next.asString();
            }
        }

        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(seen.stream().filter(created::containsKey).toList()).containsExactlyElementsOf(expected);

        List<UUID> succeeded = api.allJobIds("&status=SUCCEEDED");
        assertThat(succeeded).containsAll(expected);
        assertThat(api.allJobIds("&status=running")).doesNotContainAnyElementsOf(expected);
        api.get("/jobs?status=SUCCEEDED&limit=100")
                .json()
                .get("jobs")
                .forEach(j -> assertThat(j.get("status").asString()).isEqualTo("SUCCEEDED"));
    }
}
