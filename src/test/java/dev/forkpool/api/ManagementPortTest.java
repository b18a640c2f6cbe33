package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The actuator on its own port, with keys on: only the listed views, internals for admins only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ManagementPortTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 1);
        registry.add("management.server.port", () -> 0);
        ApiKeysTest.key(registry, 0, "alice", "submitter", ApiKeysTest.ALICE);
        ApiKeysTest.key(registry, 1, "root", "admin", ApiKeysTest.ROOT);
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    ApiClient anyone;
    ApiClient alice;
    ApiClient root;

    @BeforeEach
    void clients() {
        anyone = new ApiClient(managementPort);
        alice = new ApiClient(managementPort, ApiKeysTest.ALICE);
        root = new ApiClient(managementPort, ApiKeysTest.ROOT);
    }

    @Test
    void theApiPortHasNoActuator() {
        ApiClient api = new ApiClient(port, ApiKeysTest.ROOT);
        assertProblem(api.get("/actuator/health"), 404, "not-found");
        assertProblem(api.get("/actuator/prometheus"), 404, "not-found");
        assertThat(managementPort).isNotEqualTo(port);
    }

    @Test
    void onlyTheListedViewsAreExposed() {
        assertThat(anyone.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anyone.get("/actuator/info").status()).isEqualTo(200);
        assertThat(anyone.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(root.get("/actuator/pool").status()).isEqualTo(200);
        assertThat(root.get("/actuator/nodes").status()).isEqualTo(200);
        for (String hidden : new String[] {
            "/actuator",
            "/actuator/env",
            "/actuator/beans",
            "/actuator/configprops",
            "/actuator/heapdump",
            "/actuator/threaddump",
            "/actuator/loggers",
            "/actuator/mappings",
            "/actuator/metrics"
        }) {
            assertThat(root.get(hidden).status()).as(hidden).isEqualTo(404);
        }
        assertProblem(root.get("/actuator/health/a/b"), 404, "not-found");
    }

    @Test
    void internalsAreForAdminsOnly() {
        String health = anyone.get("/actuator/health").body();
        assertThat(health).contains("UP").doesNotContain("components").doesNotContain(dataDir.toString());
        assertThat(alice.get("/actuator/health").body()).doesNotContain("components");
        assertThat(root.get("/actuator/health").body()).contains("components");
        assertProblem(anyone.get("/actuator/pool"), 401, "unauthorized");
        assertProblem(alice.get("/actuator/pool"), 403, "forbidden");
        assertProblem(alice.get("/actuator/nodes"), 403, "forbidden");
        assertThat(anyone.get("/actuator/prometheus").body()).doesNotContain(dataDir.toString());
    }

    @Test
    void answersDoNotEchoTheHostHeader() {
        ApiClient.Response r = root.send(root.request("/actuator").header("X-Forwarded-Host", "evil.example"));
        assertThat(r.body()).doesNotContain("evil.example");
        RawHttp.Answer raw = RawHttp.send(
                managementPort,
                "GET /actuator HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + ApiKeysTest.ROOT
                        + "\r\nConnection: close\r\n\r\n");
        assertThat(raw.body()).doesNotContain("evil.example");
        RawHttp.Answer health = RawHttp.send(
                managementPort,
                "GET /actuator/health HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer " + ApiKeysTest.ROOT
                        + "\r\nConnection: close\r\n\r\n");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("evil.example");
    }
}
