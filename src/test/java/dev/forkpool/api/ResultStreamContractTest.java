package dev.forkpool.api;

import static dev.forkpool.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results as NDJSON streams and pages, progress as server-sent events, gzip both ways, and exact
 * numbers through the bulk path: over real HTTP, with real workers and an H2 file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ResultStreamContractTest {
    private static final Duration FINISH = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NDJSON = "application/x-ndjson";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("forkpool.data-dir", () -> dataDir.toString());
        registry.add("forkpool.pool.size", () -> 2);
        registry.add("forkpool.limits.max-body", () -> "4MB");
    }

    @LocalServerPort
    int port;

    ApiClient api;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void ndjsonInInputOrderStreamsARunningJobAndEndsWhole() {
        // Item 0 finishes at once; item 1 sleeps until the job is cancelled.
        UUID id = api.submit("sleep?chunkSize=1", "[0, 60000]");
        try (Stream<String> lines = streamLines("/jobs/" + id + "/results")) {
            Iterator<String> it = lines.iterator();
            JsonNode first = JSON.readTree(it.next());
            assertThat(first.get("index").asInt()).isZero();
            assertThat(first.get("value").asLong()).isZero();
            // The first line came while the job was still running.
            assertThat(api.job(id).get("status").asString()).isEqualTo("RUNNING");

            assertThat(api.delete("/jobs/" + id).status()).isEqualTo(200);
            JsonNode second = JSON.readTree(it.next());
            assertThat(second.get("index").asInt()).isEqualTo(1);
            assertThat(second.get("error").asString()).contains("cancelled");
            JsonNode end = JSON.readTree(it.next());
            assertThat(end.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(end.get("id").asString()).isEqualTo(id.toString());
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void ndjsonInCompletionOrderSendsWhatFinishesFirst() {
        UUID id = api.submit("sleep?chunkSize=1", "[60000, 0]");
        try (Stream<String> lines = streamLines("/jobs/" + id + "/results?order=completion")) {
            Iterator<String> it = lines.iterator();
            JsonNode first = JSON.readTree(it.next());
            assertThat(first.get("index").asInt()).isEqualTo(1);
            assertThat(api.job(id).get("status").asString()).isEqualTo("RUNNING");

            api.delete("/jobs/" + id);
            assertThat(JSON.readTree(it.next()).get("index").asInt()).isZero();
            assertThat(JSON.readTree(it.next()).get("status").asString()).isEqualTo("CANCELLED");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void bothOrdersDeliverEveryItemOnceAndResumeWithFrom() {
        UUID id = api.submit("square?chunkSize=100", range(1, 2000));
        List<JsonNode> inOrder = lines(ndjson("/jobs/" + id + "/results?order=input"));
        assertWhole(inOrder, 2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(inOrder.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(inOrder.get(i).get("value").asLong()).isEqualTo((long) (i + 1) * (i + 1));
        }
        List<JsonNode> byCompletion = lines(ndjson("/jobs/" + id + "/results?order=completion"));
        assertWhole(byCompletion, 2000);
        assertThat(byCompletion.subList(0, 2000).stream()
                        .map(l -> l.get("index").asInt()))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 2000).boxed().toList());

        List<JsonNode> resumed = lines(ndjson("/jobs/" + id + "/results?from=1234"));
        assertThat(resumed).hasSize(2000 - 1234 + 1);
        assertThat(resumed.get(0).get("index").asInt()).isEqualTo(1234);
        List<JsonNode> resumedByCompletion = lines(ndjson("/jobs/" + id + "/results?order=completion&from=777"));
        assertThat(resumedByCompletion).isEqualTo(byCompletion.subList(777, byCompletion.size()));
        assertThat(lines(ndjson("/jobs/" + id + "/results?from=2000")))
                .singleElement()
                .satisfies(l -> assertThat(l.get("status").asString()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void ndjsonLinesCarryPerItemErrors() {
        UUID id = api.submit("crashy?chunkSize=2", "[1, 7, 2]");
        api.awaitFinished(id, FINISH);
        List<JsonNode> lines = lines(ndjson("/jobs/" + id + "/results"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).has("value")).isTrue();
        assertThat(lines.get(1).get("error").asString()).isNotBlank();
        assertThat(lines.get(3).get("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void streamOptionsAreChecked() {
        UUID id = api.submit("square", "[1]");
        assertProblem(api.get("/jobs/" + id + "/results?order=random", "Accept", NDJSON), 400, "invalid-option");
        assertProblem(api.get("/jobs/" + id + "/results?from=-1", "Accept", NDJSON), 400, "invalid-option");
        assertProblem(api.get("/jobs/" + id + "/results?from=x", "Accept", NDJSON), 400, "invalid-option");
        assertProblem(api.get("/jobs/" + UUID.randomUUID() + "/results", "Accept", NDJSON), 404, "unknown-job");
        assertProblem(api.get("/jobs/" + UUID.randomUUID() + "/events"), 404, "unknown-job");
    }

    @Test
    void plainResultsArePagedWithOffsetAndLimit() {
        UUID id = api.submit("square?chunkSize=7", range(1, 100));
        api.awaitFinished(id, FINISH);

        ApiClient.Response page = api.get("/jobs/" + id + "/results?offset=10&limit=25");
        assertThat(page.status()).isEqualTo(200);
        JsonNode doc = page.json();
        assertThat(doc.get("offset").asInt()).isEqualTo(10);
        assertThat(doc.get("limit").asInt()).isEqualTo(25);
        assertThat(doc.get("total").asInt()).isEqualTo(100);
        assertThat(doc.get("results").valueStream().map(JsonNode::asLong))
                .containsExactlyElementsOf(LongStreamOf(11, 35));
        assertThat(page.header("Link")).hasValue("</jobs/" + id + "/results?offset=35&limit=25>; rel=\"next\"");

        JsonNode last = api.get("/jobs/" + id + "/results?offset=90&limit=25").json();
        assertThat(last.get("results").valueStream().map(JsonNode::asLong))
                .containsExactlyElementsOf(LongStreamOf(91, 100));
        assertThat(api.get("/jobs/" + id + "/results?offset=90&limit=25").header("Link"))
                .isEmpty();
        assertThat(api.get("/jobs/" + id + "/results?offset=500")
                        .json()
                        .get("results")
                        .size())
                .isZero();

        assertProblem(api.get("/jobs/" + id + "/results?offset=-1"), 400, "invalid-option");
        assertProblem(api.get("/jobs/" + id + "/results?limit=0"), 400, "invalid-option");
        assertProblem(api.get("/jobs/" + id + "/results?limit=ten"), 400, "invalid-option");
        assertProblem(api.get("/jobs/" + id + "/results?limit=1000001"), 400, "invalid-option");
    }

    @Test
    void pagedErrorsAreThoseInThePage() {
        UUID id = api.submit("crashy?chunkSize=3", "[1, 7, 2, 3, 7, 4]");
        api.awaitFinished(id, FINISH);
        JsonNode page = api.get("/jobs/" + id + "/results?offset=3&limit=3").json();
        assertThat(page.get("results").get(0).asLong()).isEqualTo(3);
        assertThat(page.get("results").get(1).isNull()).isTrue();
        assertThat(page.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("index").asInt()).isEqualTo(4);
            assertThat(e.get("input").asLong()).isEqualTo(7);
        });
    }

    @Test
    void eventsFollowAJobToItsFinish() {
        UUID id = api.submit("sleep?chunkSize=1", "[200, 200, 200, 200]");
        ApiClient.Response r = api.get("/jobs/" + id + "/events", "Accept", "text/event-stream");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/event-stream");
        List<JsonNode> events = events(r.body());
        assertThat(events).isNotEmpty();
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(last.get("completed").asInt()).isEqualTo(4);
        assertThat(last.get("id").asString()).isEqualTo(id.toString());
        // Each event is a change: no two in a row are the same counts and status.
        for (int i = 1; i < events.size(); i++) {
            assertThat(state(events.get(i))).isNotEqualTo(state(events.get(i - 1)));
        }
        // Once finished, the stream is one event that ends at once.
        assertThat(events(api.get("/jobs/" + id + "/events").body())).singleElement();
    }

    @Test
    void gzipRequestBodiesAreInflatedAndLargeAnswersCompressed() throws IOException {
        String body = range(1, 50_000);
        HttpResponse<byte[]> posted = send(api.request("/jobs/identity")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Prefer", "wait=30")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body.getBytes(StandardCharsets.UTF_8)))));
        assertThat(posted.statusCode())
                .as(new String(posted.body(), StandardCharsets.UTF_8))
                .isEqualTo(202);
        UUID id = UUID.fromString(JSON.readTree(posted.body()).get("id").asString());
        api.awaitFinished(id, FINISH);

        HttpResponse<byte[]> results = send(api.request("/jobs/" + id + "/results")
                .header("Accept-Encoding", "gzip")
                .GET());
        assertThat(results.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode doc = JSON.readTree(gunzip(results.body()));
        assertThat(doc.get("results").size()).isEqualTo(50_000);
        assertThat(doc.get("results").get(49_999).asLong()).isEqualTo(50_000);

        HttpResponse<byte[]> stream = send(api.request("/jobs/" + id + "/results")
                .header("Accept", NDJSON)
                .header("Accept-Encoding", "gzip")
                .GET());
        assertThat(stream.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(gunzip(stream.body()), StandardCharsets.UTF_8).lines())
                .hasSize(50_001);
    }

    @Test
    void aGzipBombIsRefusedWith413() throws IOException {
        // 64 MB of spaces inside an array inflate from about 64 KB; the limit here is 4 MB.
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            gz.write('[');
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gz.write(spaces);
            }
            gz.write(']');
        }
        ApiClient.Response r = api.send(api.request("/jobs/square")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray())));
        assertProblem(r, 413, "body-too-large");

        ApiClient.Response notGzip = api.send(api.request("/jobs/square")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("[1,2,3]")));
        assertProblem(notGzip, 400, "malformed-json");

        ApiClient.Response brotli = api.send(api.request("/jobs/square")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("[1,2,3]")));
        assertProblem(brotli, 415, "unsupported-media-type");
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void bigAndDecimalNumbersPassTheBulkPathExactly() {
        String items = "[0, -1, 9223372036854775807, -9223372036854775808, 9223372036854775808,"
                + " 123456789012345678901234567890, -98765432109876543210, 2.5, 1.0, 1e2, -0.001, 3037000500]";
        UUID identity = api.submit("identity?chunkSize=5", items);
        api.awaitFinished(identity, FINISH);
        String results = api.results(identity).body();
        assertThat(results)
                .contains("\"results\":[0,-1,9223372036854775807,-9223372036854775808,9223372036854775808,"
                        + "123456789012345678901234567890,-98765432109876543210,2.5,1.0,100,-0.001,3037000500]");

        UUID square = api.submit("square?chunkSize=5", items);
        api.awaitFinished(square, FINISH);
        assertThat(api.results(square).body())
                .contains("\"results\":[0,1,85070591730234615847396907784232501249,"
                        + "85070591730234615865843651857942052864,85070591730234615865843651857942052864,"
                        + "15241578753238836750495351562536198787501905199875019052100,"
                        + "9754610579850632525677488187778997104100,6.25,1.0,10000.0,0.000001,9223372037000250000]");
        List<JsonNode> lines = lines(ndjson("/jobs/" + square + "/results"));
        assertThat(ndjson("/jobs/" + square + "/results"))
                .contains("{\"index\":5,\"value\":15241578753238836750495351562536198787501905199875019052100}");
        assertThat(lines).hasSize(13);
    }

    // --- helpers

    private static List<Long> LongStreamOf(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to)
                .map(x -> x * x)
                .boxed()
                .toList();
    }

    private static String range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private static String state(JsonNode view) {
        return view.get("status").asString() + "/" + view.get("completed").asInt() + "/"
                + view.get("failed").asInt();
    }

    private static void assertWhole(List<JsonNode> lines, int items) {
        assertThat(lines).hasSize(items + 1);
        assertThat(lines.get(items).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(lines.get(items).get("total").asInt()).isEqualTo(items);
    }

    private String ndjson(String path) {
        ApiClient.Response r = api.get(path, "Accept", NDJSON);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith(NDJSON);
        return r.body();
    }

    private static List<JsonNode> lines(String body) {
        List<JsonNode> out = new ArrayList<>();
        body.lines().forEach(l -> out.add(JSON.readTree(l)));
        return out;
    }

    private static List<JsonNode> events(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank() || block.startsWith(":")) {
                continue;
            }
            List<String> lines = block.lines().toList();
            assertThat(lines.get(0)).isEqualTo("event: job");
            assertThat(lines.get(1)).startsWith("data: ");
            out.add(JSON.readTree(lines.get(1).substring("data: ".length())));
        }
        return out;
    }

    private Stream<String> streamLines(String path) {
        try {
            HttpResponse<Stream<String>> r = http.send(
                    api.request(path)
                            .header("Accept", NDJSON)
                            .timeout(Duration.ofSeconds(90))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }
}
