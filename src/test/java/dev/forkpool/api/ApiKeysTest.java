package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** API keys over real HTTP: who may call what, and no owner sees another's jobs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ApiKeysTest {
    static final String ALICE = "alice-key-0123456789";
    static final String BOB = "bob-key-0123456789";
    static final String ALICE_READER = "alice-dashboard-key";
    static final String ROOT = "root-key-0123456789";
    private static final Duration FINISH = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 2);
        key(registry, 0, "alice", "submitter", ALICE);
        key(registry, 1, "bob", "submitter", BOB);
        key(registry, 2, "alice", "reader", ALICE_READER);
        key(registry, 3, "root", "admin", ROOT);
    }

    static void key(DynamicPropertyRegistry registry, int i, String owner, String role, String key) {
        registry.add("forkpool.security.keys[" + i + "].owner", () -> owner);
        registry.add("forkpool.security.keys[" + i + "].role", () -> role);
        registry.add("forkpool.security.keys[" + i + "].hash", () -> hash(key));
    }

    static String hash(String key) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    ApiClient alice;
    ApiClient bob;
    ApiClient aliceReader;
    ApiClient root;
    ApiClient nobody;

    @BeforeEach
    void clients() {
        alice = new ApiClient(port, ALICE);
        bob = new ApiClient(port, BOB);
        aliceReader = new ApiClient(port, ALICE_READER);
        root = new ApiClient(port, ROOT);
        nobody = new ApiClient(port);
    }

    @Test
    void noKeyOrAWrongKeyIsUnauthorized() {
        List<UUID> before = root.allJobIds("");
        for (ApiClient.Response r : List.of(
                nobody.get("/jobs"),
                nobody.post("/jobs/square", "[1]"),
                nobody.get("/functions"),
                new ApiClient(port, "not-a-key").get("/jobs"),
                nobody.get("/jobs", "Authorization", "Basic YWxpY2U6c2VjcmV0"))) {
            assertProblem(r, 401, "unauthorized");
            assertThat(r.header("WWW-Authenticate"))
                    .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        }
        assertThat(root.allJobIds("")).isEqualTo(before);
    }

    @Test
    void aReaderCannotSubmitOrDeleteButReadsItsOwnersJobs() {
        assertProblem(aliceReader.post("/jobs/square", "[1]"), 403, "forbidden");
        UUID id = alice.submit("square", "[2]");
        alice.awaitFinished(id, FINISH);

        assertThat(aliceReader.job(id).get("owner").asString()).isEqualTo("alice");
        assertThat(aliceReader.results(id).json().get("results").get(0).asInt()).isEqualTo(4);
        assertProblem(aliceReader.delete("/jobs/" + id), 403, "forbidden");
        assertThat(alice.get("/jobs/" + id).status()).isEqualTo(200);
    }

    @Test
    void anotherOwnersJobIsNotFoundOnEveryCall() {
        UUID running = alice.submit("sleep?chunkSize=1", "[20000,20000,20000]");
        UUID done = alice.submit("square", "[3]");
        alice.awaitFinished(done, FINISH);

        for (UUID id : List.of(running, done)) {
            assertProblem(bob.get("/jobs/" + id), 404, "unknown-job");
            assertProblem(bob.get("/jobs/" + id, "Prefer", "wait=1"), 404, "unknown-job");
            assertProblem(bob.get("/jobs/" + id + "/results"), 404, "unknown-job");
            assertProblem(bob.get("/jobs/" + id + "/results", "Accept", "application/x-ndjson"), 404, "unknown-job");
            assertThat(bob.get("/jobs/" + id + "/events", "Accept", "text/event-stream")
                            .status())
                    .isEqualTo(404);
            assertProblem(bob.delete("/jobs/" + id), 404, "unknown-job");
        }
        assertThat(bob.allJobIds("")).doesNotContain(running, done);
        assertThat(alice.job(running).get("status").asString()).isIn("QUEUED", "RUNNING");
        assertThat(alice.job(done).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(alice.allJobIds("")).contains(running, done);

        assertThat(alice.delete("/jobs/" + running).status()).isEqualTo(200);
    }

    @Test
    void anAdminSeesAndActsOnEveryonesJobs() {
        UUID a = alice.submit("square", "[5]");
        UUID b = bob.submit("square", "[6]");
        alice.awaitFinished(a, FINISH);
        bob.awaitFinished(b, FINISH);

        assertThat(root.allJobIds("")).contains(a, b);
        assertThat(alice.allJobIds("")).contains(a).doesNotContain(b);
        assertThat(bob.allJobIds("")).contains(b).doesNotContain(a);
        assertThat(root.job(b).get("owner").asString()).isEqualTo("bob");
        assertThat(root.results(a).json().get("results").get(0).asInt()).isEqualTo(25);
        assertThat(root.delete("/jobs/" + b).status()).isEqualTo(204);
        assertProblem(bob.get("/jobs/" + b), 404, "unknown-job");
    }

    @Test
    void theApiDescriptionAndTheJobsPageNeedNoKey() {
        assertThat(nobody.get("/v3/api-docs").status()).isEqualTo(200);
        ApiClient.Response page = nobody.get("/ui/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-cache");
        assertThat(nobody.get("/ui/js/main.js").status()).isEqualTo(200);
        ApiClient.Response root = nobody.get("/");
        assertThat(root.status()).isBetween(301, 308);
        assertThat(root.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
    }

    @Test
    void thePoolViewNeedsAKeyAndShowsPidsAndOtherOwnersChunksOnlyToAdmins() {
        assertProblem(nobody.get("/pool"), 401, "unauthorized");
        UUID alices = alice.submit("sleep?chunkSize=1", "[30000,30000]");
        try {
            // Both workers up and holding alice's chunks, as the admin sees it.
            Awaitility.await().atMost(FINISH).untilAsserted(() -> {
                ApiClient.Response r = root.get("/pool");
                assertThat(r.body()).contains(alices.toString());
                JsonNode workers = r.json().get("workers");
                assertThat(workers).hasSize(2);
                for (JsonNode w : workers) {
                    assertThat(w.get("pid").isNumber()).as(w.toString()).isTrue();
                }
            });

            for (ApiClient client : List.of(bob, alice, aliceReader)) {
                ApiClient.Response r = client.get("/pool");
                assertThat(r.status()).isEqualTo(200);
                JsonNode workers = r.json().get("workers");
                assertThat(workers).hasSize(2);
                for (JsonNode w : workers) {
                    assertThat(w.get("pid").isNull()).as(w.toString()).isTrue();
                }
                assertThat(r.json().get("cores").size()).isPositive();
            }
            // Alice's own chunks show to her keys, never to bob.
            assertThat(bob.get("/pool").body()).doesNotContain(alices.toString());
            assertThat(aliceReader.get("/pool").body()).contains(alices.toString());
        } finally {
            alice.delete("/jobs/" + alices);
        }
    }

    @Test
    void actuatorViewsWithInternalsAreForAdminsOnly() {
        ApiClient.Response health = nobody.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components");
        assertThat(alice.get("/actuator/health").body()).doesNotContain("components");
        assertThat(root.get("/actuator/health").body()).contains("components");

        assertProblem(nobody.get("/actuator/pool"), 401, "unauthorized");
        assertProblem(alice.get("/actuator/pool"), 403, "forbidden");
        assertProblem(alice.get("/actuator/nodes"), 403, "forbidden");
        assertThat(root.get("/actuator/pool").status()).isEqualTo(200);
        assertThat(root.get("/actuator/nodes").status()).isEqualTo(200);
        assertThat(nobody.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void submitsCancelsAndDeletesAreAuditedWithoutTheKey(CapturedOutput output) {
        UUID id = alice.submit("sleep?chunkSize=1", "[20000,20000]");
        assertThat(alice.delete("/jobs/" + id).status()).isEqualTo(200);
        assertThat(alice.delete("/jobs/" + id).status()).isEqualTo(204);

        String log = output.getOut();
        assertThat(log).contains("submit owner=alice role=SUBMITTER function=sleep job=" + id + " outcome=accepted");
        assertThat(log).contains("cancel owner=alice role=SUBMITTER job=" + id + " outcome=cancelled");
        assertThat(log).contains("delete owner=alice role=SUBMITTER job=" + id + " outcome=deleted");
        assertThat(log).doesNotContain(ALICE).doesNotContain(hash(ALICE));
    }
}
