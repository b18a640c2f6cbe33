package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for a running forkpool, for tests in any package: it sends requests over
 * loopback with {@link HttpClient} and reads answers as text and JSON.
 */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String key;

    public ApiClient(int port) {
        this(port, null);
    }

    /** A client that sends {@code Authorization: Bearer <key>} on every request. */
    public ApiClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** The same service, another key. */
    public ApiClient withKey(String otherKey) {
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
    }

    /** An answer: status, headers and body text. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    public Response get(String path, String... headers) {
        HttpRequest.Builder r = request(path).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return send(r);
    }

    public Response post(String path, String json, String... headers) {
        HttpRequest.Builder r = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return send(r);
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Submits a job and returns its id, asserting the 202. */
    public UUID submit(String pathAndQuery, String json) {
        Response r = post("/jobs/" + pathAndQuery, json);
        assertThat(r.status()).as("POST /jobs/%s: %s", pathAndQuery, r.body()).isEqualTo(202);
        return UUID.fromString(r.json().get("id").asString());
    }

    public JsonNode job(UUID id) {
        Response r = get("/jobs/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Waits (long-polling with Prefer: wait) until the job has finished; returns its view. */
    public JsonNode awaitFinished(UUID id, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response r = get("/jobs/" + id, "Prefer", "wait=5");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            last[0] = r.json();
            return isFinished(last[0].get("status").asString());
        });
        return last[0];
    }

    /** The results document of a finished job. */
    public Response results(UUID id) {
        Response r = get("/jobs/" + id + "/results");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    /** {@code /actuator/pool}. */
    public JsonNode pool() {
        Response r = get("/actuator/pool");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Ids of every job in the store, newest first, read page by page. */
    public List<UUID> allJobIds(String query) {
        List<UUID> ids = new ArrayList<>();
        String path = "/jobs?limit=100" + query;
        while (true) {
            Response r = get(path);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            page.get("jobs").forEach(j -> ids.add(UUID.fromString(j.get("id").asString())));
            JsonNode next = page.get("next");
            if (next == null || next.isNull()) {
                return ids;
            }
            path = "/jobs?limit=100" + query + "&cursor=" + next.asString();
        }
    }

    public static boolean isFinished(String status) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status);
    }

    /** A JSON array of these values. */
    public static String array(Object... values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i]);
        }
        return sb.append(']').toString();
    }
}
