package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Clients that open connections and send nothing must not lock others out: with every connection
 * slot taken by idle sockets, a real request is still answered once the service's (default)
 * connection timeout has closed them, well before a patient client gives up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IdleConnectionsTest {
    private static final int SLOTS = 6;

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 1);
        // Few slots, so the test can fill them; the timeouts stay the service's defaults.
        registry.add("server.tomcat.max-connections", () -> SLOTS);
    }

    @LocalServerPort
    int port;

    @Test
    void idleConnectionsDoNotLockOutAnotherClient() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < SLOTS + 2; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                idle.add(s);
            }
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/functions"))
                            .timeout(Duration.ofSeconds(15))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : idle) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
