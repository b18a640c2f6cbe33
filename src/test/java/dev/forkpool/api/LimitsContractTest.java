package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.ServiceTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** 413 past the body and item limits, 429 past the active-job limit; small limits set here. */
@TestPropertySource(
        properties = {
            "forkpool.limits.max-body=" + LimitsContractTest.MAX_BODY + "B",
            "forkpool.limits.max-items=5",
            "forkpool.jobs.max-active-jobs=1"
        })
@DirtiesContext
class LimitsContractTest extends ServiceTest {
    static final int MAX_BODY = 1024;

    @BeforeEach
    void noUnfinishedJobs() {
        // Each test starts with no unfinished job, so the active-job limit is free.
        api.allJobIds("&status=QUEUED").forEach(id -> api.delete("/jobs/" + id));
        api.allJobIds("&status=RUNNING").forEach(id -> api.delete("/jobs/" + id));
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413() {
        String body = "[1" + " ".repeat(MAX_BODY) + "]";
        List<UUID> before = api.allJobIds("");

        JsonNode problem = assertProblem(api.post("/jobs/square", body), 413, "body-too-large");

        assertThat(problem.get("detail").asString()).contains(String.valueOf(MAX_BODY));
        assertThat(api.allJobIds("")).isEqualTo(before);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] body = ("[1" + " ".repeat(MAX_BODY) + "]").getBytes(StandardCharsets.US_ASCII);
        List<UUID> before = api.allJobIds("");

        // No Content-Length: the limit must hold while the body streams in.
        ApiClient.Response r = api.send(api.request("/jobs/square")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertProblem(r, 413, "body-too-large");
        assertThat(api.allJobIds("")).isEqualTo(before);
    }

    @Test
    void moreItemsThanTheLimitIs413() {
        List<UUID> before = api.allJobIds("");

        JsonNode problem = assertProblem(api.post("/jobs/square", "[1,2,3,4,5,6]"), 413, "too-many-items");

        assertThat(problem.get("detail").asString()).contains("at most 5 items");
        assertThat(api.allJobIds("")).isEqualTo(before);
        UUID atTheLimit = api.submit("square", "[1,2,3,4,5]");
        assertThat(api.awaitFinished(atTheLimit, Duration.ofSeconds(60))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void aFullQueueIs429WithRetryAfterUntilAJobFinishes() {
        UUID occupying = api.submit("sleep", "[60000]");
        List<UUID> before = api.allJobIds("");

        ApiClient.Response refused = api.post("/jobs/square", "[1]");

        JsonNode problem = assertProblem(refused, 429, "queue-full");
        assertThat(refused.header("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(problem.get("detail").asString()).contains("retry later");
        assertThat(api.allJobIds("")).isEqualTo(before);

        assertThat(api.delete("/jobs/" + occupying).json().get("status").asString())
                .isEqualTo("CANCELLED");
        UUID accepted = api.submit("square", "[1]");
        assertThat(api.awaitFinished(accepted, Duration.ofSeconds(60))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
    }
}
