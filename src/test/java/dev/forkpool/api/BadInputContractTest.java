package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.ServiceTest;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every bad request is answered with the listed status and problem type, never 500, creates no
 * job, and leaves the service healthy.
 */
class BadInputContractTest extends ServiceTest {
    private static final String JSON = "application/json";
    private static final UUID NO_SUCH_JOB = UUID.fromString("00000000-0000-4000-8000-000000000000");

    private static ApiClient lastClient;

    @BeforeEach
    void rememberClient() {
        lastClient = api;
    }

    /** One bad request: how to send it, and what must come back. */
    record Case(
            String name,
            Function<ApiClient, HttpRequest.Builder> request,
            int status,
            String type,
            String detailContains,
            Integer index) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case post(String name, String path, String body, int status, String type, String detail) {
        return post(name, path, body, status, type, detail, null);
    }

    private static Case post(
            String name, String path, String body, int status, String type, String detail, Integer index) {
        return new Case(
                name,
                c -> c.request(path).header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body)),
                status,
                type,
                detail,
                index);
    }

    private static Case call(String name, String method, String path, int status, String type, String detail) {
        return new Case(
                name,
                c -> c.request(path).method(method, HttpRequest.BodyPublishers.noBody()),
                status,
                type,
                detail,
                null);
    }

    static Stream<Arguments> badRequests() {
        String tooManyDigits = "[1, " + "9".repeat(1001) + "]";
        return Stream.of(
                        post("malformed JSON", "/jobs/square", "[1, 2", 400, "malformed-json", "end of body"),
                        post("garbage", "/jobs/square", "hello", 400, "malformed-json", "'h'"),
                        post("empty body", "/jobs/square", "", 400, "malformed-json", "empty"),
                        post("object body", "/jobs/square", "{\"items\": [1]}", 400, "not-an-array", "JSON object"),
                        post("number body", "/jobs/square", "5", 400, "not-an-array", "single number"),
                        post("string item", "/jobs/square", "[1, \"2\"]", 400, "not-a-number", "item 1 is a string", 1),
                        post("null item", "/jobs/square", "[1, 2, null]", 400, "not-a-number", "item 2 is null", 2),
                        post(
                                "boolean item",
                                "/jobs/square",
                                "[true, 1]",
                                400,
                                "not-a-number",
                                "item 0 is a boolean",
                                0),
                        post("object item", "/jobs/square", "[1, {}]", 400, "not-a-number", "item 1 is an object", 1),
                        post(
                                "nested array",
                                "/jobs/square",
                                "[1, 2, 3, [4]]",
                                400,
                                "not-a-number",
                                "item 3 is an array",
                                3),
                        post("too many digits", "/jobs/square", tooManyDigits, 400, "too-many-digits", "item 1", 1),
                        post("exponent digits", "/jobs/square", "[1e999999]", 400, "too-many-digits", "item 0", 0),
                        post("sleep 1.5", "/jobs/sleep", "[1.5]", 400, "outside-domain", "item 0", 0),
                        post("sleep -1", "/jobs/sleep", "[0, -1]", 400, "outside-domain", "item 1", 1),
                        post("sleep 60001", "/jobs/sleep", "[1, 2, 60001]", 400, "outside-domain", "item 2", 2),
                        post("chunkSize=0", "/jobs/square?chunkSize=0", "[1]", 400, "invalid-option", "chunkSize"),
                        post("chunkSize=abc", "/jobs/square?chunkSize=abc", "[1]", 400, "invalid-option", "chunkSize"),
                        post(
                                "chunkSize too big",
                                "/jobs/square?chunkSize=10000001",
                                "[1]",
                                400,
                                "invalid-option",
                                "chunkSize"),
                        post("timeout=abc", "/jobs/square?timeout=abc", "[1]", 400, "invalid-option", "timeout"),
                        post("timeout=-1", "/jobs/square?timeout=-1", "[1]", 400, "invalid-option", "timeout"),
                        post("timeout=0", "/jobs/square?timeout=PT0S", "[1]", 400, "invalid-option", "timeout"),
                        post("timeout too long", "/jobs/square?timeout=PT2H", "[1]", 400, "invalid-option", "timeout"),
                        post("unknown function", "/jobs/cube", "[1]", 404, "unknown-function", "cube"),
                        call("unknown job", "GET", "/jobs/" + NO_SUCH_JOB, 404, "unknown-job", NO_SUCH_JOB.toString()),
                        call(
                                "unknown job results",
                                "GET",
                                "/jobs/" + NO_SUCH_JOB + "/results",
                                404,
                                "unknown-job",
                                NO_SUCH_JOB.toString()),
                        call(
                                "unknown job delete",
                                "DELETE",
                                "/jobs/" + NO_SUCH_JOB,
                                404,
                                "unknown-job",
                                NO_SUCH_JOB.toString()),
                        call("malformed job id", "GET", "/jobs/not-a-uuid", 404, "unknown-job", "not-a-uuid"),
                        call("malformed job id results", "GET", "/jobs/12345/results", 404, "unknown-job", "12345"),
                        call("unknown route", "GET", "/nothing/here", 404, "not-found", ""),
                        call("PUT a job", "PUT", "/jobs/square", 405, "method-not-allowed", ""),
                        call("DELETE all jobs", "DELETE", "/jobs", 405, "method-not-allowed", ""),
                        call("PATCH a job", "PATCH", "/jobs/" + NO_SUCH_JOB, 405, "method-not-allowed", ""),
                        call("POST functions", "POST", "/functions", 405, "method-not-allowed", ""),
                        new Case(
                                "wrong content type",
                                c -> c.request("/jobs/square")
                                        .header("Content-Type", "text/plain")
                                        .POST(HttpRequest.BodyPublishers.ofString("[1]")),
                                415,
                                "unsupported-media-type",
                                "application/json",
                                null),
                        new Case(
                                "no content type",
                                c -> c.request("/jobs/square").POST(HttpRequest.BodyPublishers.ofString("[1]")),
                                415,
                                "unsupported-media-type",
                                "application/json",
                                null),
                        call("bad status filter", "GET", "/jobs?status=DONE", 400, "invalid-option", "status"),
                        call("bad page size", "GET", "/jobs?limit=0", 400, "invalid-option", "limit"),
                        call("bad cursor", "GET", "/jobs?cursor=bm9wZQ", 400, "invalid-option", "cursor"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedAsListedAndCreatesNoJob(Case c) {
        List<UUID> before = api.allJobIds("");

        ApiClient.Response r = api.send(c.request().apply(api));

        JsonNode problem = assertProblem(r, c.status(), c.type());
        assertThat(problem.get("detail").asString()).contains(c.detailContains());
        if (c.index() != null) {
            assertThat(problem.get("index").asInt()).isEqualTo(c.index());
        }
        assertThat(api.allJobIds("")).isEqualTo(before);
    }

    @AfterAll
    static void theServiceStaysHealthy() {
        ApiClient.Response health = lastClient.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        // And it still does its job.
        UUID id = lastClient.submit("square", "[4]");
        assertThat(lastClient
                        .awaitFinished(id, java.time.Duration.ofSeconds(60))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
    }
}
