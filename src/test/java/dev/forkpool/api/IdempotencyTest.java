package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Idempotency-Key on POST /jobs/{function}, over real HTTP with keys on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IdempotencyTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 1);
        ApiKeysTest.key(registry, 0, "alice", "submitter", ApiKeysTest.ALICE);
        ApiKeysTest.key(registry, 1, "bob", "submitter", ApiKeysTest.BOB);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void clients() {
        alice = new ApiClient(port, ApiKeysTest.ALICE);
        bob = new ApiClient(port, ApiKeysTest.BOB);
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheOriginalJob() {
        String key = UUID.randomUUID().toString();
        List<UUID> before = alice.allJobIds("");

        ApiClient.Response first = alice.post("/jobs/square", "[1,2,3]", "Idempotency-Key", key);
        ApiClient.Response retry = alice.post("/jobs/square", "[1,2,3]", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(alice.allJobIds("")).hasSize(before.size() + 1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsUnprocessable() {
        String key = UUID.randomUUID().toString();
        assertThat(alice.post("/jobs/square", "[1,2,3]", "Idempotency-Key", key).status())
                .isEqualTo(202);
        List<UUID> before = alice.allJobIds("");

        assertProblem(alice.post("/jobs/square", "[1,2,4]", "Idempotency-Key", key), 422, "idempotency-key-reused");
        assertProblem(
                alice.post("/jobs/square?chunkSize=1", "[1,2,3]", "Idempotency-Key", key),
                422,
                "idempotency-key-reused");
        assertThat(alice.allJobIds("")).isEqualTo(before);
    }

    @Test
    void keysBelongToTheirOwner() {
        String key = UUID.randomUUID().toString();
        ApiClient.Response a = alice.post("/jobs/square", "[7]", "Idempotency-Key", key);
        ApiClient.Response b = bob.post("/jobs/square", "[7]", "Idempotency-Key", key);
        assertThat(b.status()).isEqualTo(202);
        assertThat(b.json().get("id").asString())
                .isNotEqualTo(a.json().get("id").asString());
    }

    @Test
    void aRefusedRequestFreesItsKey() {
        String key = UUID.randomUUID().toString();
        assertProblem(alice.post("/jobs/square", "[1,\"x\"]", "Idempotency-Key", key), 400, "not-a-number");
        assertThat(alice.post("/jobs/square", "[1,2]", "Idempotency-Key", key).status())
                .isEqualTo(202);
    }

    @Test
    void aRetryWhileTheFirstIsStillBeingAcceptedIsAConflict() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "[1,2,3]";
        try (Socket first = new Socket()) {
            first.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            first.setSoTimeout(30_000);
            OutputStream out = first.getOutputStream();
            // The headers and the start of the body; the rest is still "uploading".
            out.write(("POST /jobs/square HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer " + ApiKeysTest.ALICE + "\r\nIdempotency-Key: " + key
                            + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n[1,2,")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            JdbcClient db = JdbcClient.create(dataSource);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.sql("SELECT COUNT(*) FROM fp_idempotency WHERE idem_key = ?")
                                    .param(key)
                                    .query(Long.class)
                                    .single()
                            == 1);

            assertProblem(alice.post("/jobs/square", body, "Idempotency-Key", key), 409, "idempotency-key-in-progress");

            out.write("3]".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 202");
            ApiClient.Response replay = alice.post("/jobs/square", body, "Idempotency-Key", key);
            assertThat(replay.status()).isEqualTo(202);
            assertThat(answer).contains("\"id\":\"" + replay.json().get("id").asString() + "\"");
        }
    }
}
