package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The defects a probe with hostile requests found, each over real HTTP: nothing a client sends
 * answers 500, anything but problem+json, or changes state when refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsTest {
    private static final Duration FINISH = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 2);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void aPostThatCannotBeAnsweredInTheAcceptedTypeCreatesNoJob() {
        List<UUID> before = api.allJobIds("");

        ApiClient.Response r = api.post("/jobs/square", "[1,2,3]", "Accept", "application/xml");

        assertThat(r.status()).isEqualTo(406);
        assertThat(r.header("Location")).isEmpty();
        assertThat(api.allJobIds("")).isEqualTo(before);
    }

    @Test
    void theErrorPathIsNotFoundForEveryMethod() {
        assertProblem(api.get("/error"), 404, "not-found");
        assertProblem(api.post("/error", "[1]"), 404, "not-found");
        assertProblem(api.delete("/error"), 404, "not-found");
    }

    @Test
    void anUnknownActuatorSubPathIsNotFound() {
        assertProblem(api.get("/actuator/health/a/b"), 404, "not-found");
        assertProblem(api.get("/actuator/health/nothing"), 404, "not-found");
    }

    @Test
    void traceIsMethodNotAllowedAsProblemJson() {
        RawHttp.Answer r = RawHttp.send(port, "TRACE /jobs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("urn:forkpool:problem:method-not-allowed");
    }

    @Test
    void aBodyShorterThanItsLengthIsABadRequestLoggedInOneLine(CapturedOutput output) {
        RawHttp.Answer r = RawHttp.send(
                port,
                "POST /jobs/square HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\nConnection: close\r\n\r\n[1,2,3");

        assertBadRequestProblem(r);
        assertThat(output.getOut() + output.getErr()).doesNotContain("\tat ").doesNotContain("ERROR");
        assertThat(output.getOut()).contains("WARN");
    }

    @Test
    void aBadChunkHeaderIsABadRequest(CapturedOutput output) {
        RawHttp.Answer r = RawHttp.send(
                port,
                "POST /jobs/square HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n[1]\r\n0\r\n\r\n");

        assertBadRequestProblem(r);
        assertThat(output.getOut() + output.getErr()).doesNotContain("\tat ").doesNotContain("ERROR");
    }

    private static void assertBadRequestProblem(RawHttp.Answer r) {
        assertThat(r.status()).as(r.head() + "\n" + r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("urn:forkpool:problem:incomplete-body");
    }

    @Test
    void jobIdsAreParsedStrictly() {
        UUID id = null;
        // UUID.fromString reads "+2b0054d" as the hex number 2b0054d, i.e. as 02b0054d; it takes an
        // id that starts with 0 to show it. One id in 16 does.
        for (int i = 0; i < 400 && id == null; i++) {
            UUID candidate = api.submit("square", "[]");
            if (candidate.toString().startsWith("0")) {
                id = candidate;
            }
        }
        assertThat(id).isNotNull();
        String text = id.toString();

        assertThat(api.get("/jobs/" + text).status()).isEqualTo(200);
        assertThat(api.get("/jobs/" + text.toUpperCase(Locale.ROOT)).status()).isEqualTo(200);
        assertProblem(api.get("/jobs/+" + text.substring(1)), 404, "unknown-job");
        String mixed = text.substring(0, 9) + text.substring(9).toUpperCase(Locale.ROOT);
        if (!mixed.equals(text) && !mixed.equals(text.toUpperCase(Locale.ROOT))) {
            assertProblem(api.get("/jobs/" + mixed), 404, "unknown-job");
        }
        assertProblem(api.delete("/jobs/+" + text.substring(1)), 404, "unknown-job");
        assertProblem(api.get("/jobs/+" + text.substring(1) + "/results"), 404, "unknown-job");
    }

    @Test
    void concurrentDeletesOfARunningJobCancelItOnce() throws Exception {
        UUID id = api.submit("sleep?chunkSize=1", "[30000,30000,30000,30000]");
        org.awaitility.Awaitility.await()
                .atMost(FINISH)
                .until(() -> api.job(id).get("status").asString().equals("RUNNING"));
        double cancelledBefore = cancelledCount();

        int n = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> deletes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                deletes.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return api.delete("/jobs/" + id);
                        },
                        threads));
            }
            start.countDown();
        }

        List<Integer> statuses =
                deletes.stream().map(f -> f.join().status()).sorted().toList();
        assertThat(statuses)
                .as("statuses %s", statuses)
                .filteredOn(s -> s == 200)
                .hasSize(1);
        assertThat(statuses).allMatch(s -> s == 200 || s == 204 || s == 404);
        ApiClient.Response cancelled = deletes.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.status() == 200)
                .findFirst()
                .orElseThrow();
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelledCount() - cancelledBefore).isEqualTo(1.0);
    }

    private double cancelledCount() {
        var counter = meters.find("forkpool.jobs.finished")
                .tags("function", "sleep", "status", "CANCELLED")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void resultsRacingADeleteAreWholeOrNotFound() throws Exception {
        String items = ApiClient.array(
                java.util.stream.IntStream.range(0, 1000).boxed().toArray());
        for (int round = 0; round < 8; round++) {
            UUID id = api.submit("square?chunkSize=1", items);
            api.awaitFinished(id, FINISH);
            long delayMs = ThreadLocalRandom.current().nextLong(0, 30);
            CompletableFuture<ApiClient.Response> read =
                    CompletableFuture.supplyAsync(() -> api.get("/jobs/" + id + "/results"));
            Thread.sleep(delayMs); // a race, not a wait for a state: any delay shows it
            api.delete("/jobs/" + id);

            ApiClient.Response r = read.join();
            if (r.status() == 404) {
                assertProblem(r, 404, "unknown-job");
            } else {
                assertThat(r.status()).isEqualTo(200);
                JsonNode body = r.json();
                assertThat(body.get("results").size()).as("round %d", round).isEqualTo(1000);
                assertThat(body.get("results").get(999).asLong()).isEqualTo(999L * 999L);
            }
        }
    }

    @Test
    void aChunkMayNotHoldAWorkerForAnHour() {
        List<UUID> before = api.allJobIds("");

        assertProblem(api.post("/jobs/sleep?timeout=PT1H", "[1]"), 400, "invalid-option");

        assertThat(api.allJobIds("")).isEqualTo(before);
    }
}
