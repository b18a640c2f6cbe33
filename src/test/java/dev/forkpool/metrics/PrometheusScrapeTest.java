package dev.forkpool.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ServiceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;
import oshi.SystemInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a real job on real worker processes and scrapes {@code /actuator/prometheus} over HTTP.
 * The actuator runs on its own port ({@code management.server.port}), which this also checks.
 */
@TestPropertySource(properties = {"management.server.port=0"})
class PrometheusScrapeTest extends ServiceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aFinishedJobShowsUpInTheScrape() throws Exception {
        await().atMost(PATIENCE).until(() -> scrape().value("forkpool_pool_workers_alive") == 2);

        HttpResponse<String> submitted = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/square"))
                        .header("Content-Type", "application/json")
                        .header("Prefer", "wait=30")
                        .POST(HttpRequest.BodyPublishers.ofString("[1, 2, 3, 4, 5]"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).isEqualTo(202);
        assertThat(json.readTree(submitted.body()).get("status").asString()).isEqualTo("SUCCEEDED");

        // The waiter is woken before the listeners run, so the counter may trail the response.
        await().atMost(PATIENCE)
                .until(() -> scrape().value("forkpool_jobs_finished_total", "function", "square", "status", "SUCCEEDED")
                        == 1);
        PrometheusText m = scrape();

        int cores = new SystemInfo().getHardware().getProcessor().getLogicalProcessorCount();
        assertThat(m.named("forkpool_cpu_core_utilization"))
                .extracting(s -> s.labels().get("core"))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, cores).mapToObj(String::valueOf).toList());
        assertThat(m.named("forkpool_cpu_core_utilization"))
                .allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 1.0));

        for (String perWorker : List.of(
                "forkpool_worker_busy",
                "forkpool_worker_chunks_inflight",
                "forkpool_worker_cpu_seconds_total",
                "forkpool_worker_tasks_total")) {
            assertThat(m.named(perWorker))
                    .extracting(s -> s.labels().get("worker"))
                    .containsExactlyInAnyOrder("0", "1");
        }
        assertThat(m.named("forkpool_worker_restarts_total"))
                .extracting(s -> s.labels().get("worker") + "/" + s.labels().get("reason"))
                .containsExactlyInAnyOrder(
                        "0/crash",
                        "0/timeout",
                        "0/recycle",
                        "0/cancel",
                        "1/crash",
                        "1/timeout",
                        "1/recycle",
                        "1/cancel");
        assertThat(m.named("forkpool_worker_tasks_total").stream()
                        .mapToDouble(PrometheusText.Sample::value)
                        .sum())
                .isGreaterThanOrEqualTo(1);

        assertThat(m.value("forkpool_pool_workers_desired")).isEqualTo(2);
        assertThat(m.value("forkpool_queue_chunks_ready")).isGreaterThanOrEqualTo(0);
        assertThat(m.value("forkpool_queue_chunks_running")).isGreaterThanOrEqualTo(0);

        assertThat(m.value("forkpool_jobs_submitted_total", "function", "square"))
                .isEqualTo(1);
        assertThat(m.value("forkpool_jobs_submitted_total", "function", "spin")).isZero();
        assertThat(m.value("forkpool_items_processed_total", "function", "square", "outcome", "ok"))
                .isEqualTo(5);
        assertThat(m.value("forkpool_items_processed_total", "function", "square", "outcome", "failed"))
                .isZero();
        // Five squares may cost less than one tick of the OS's CPU clock (10 ms): only >= 0 holds.
        assertThat(m.value("forkpool_function_cpu_seconds_total", "function", "square"))
                .isNotNegative();

        assertThat(m.value(
                        "forkpool_job_duration_seconds_bucket",
                        "function",
                        "square",
                        "status",
                        "SUCCEEDED",
                        "le",
                        "+Inf"))
                .isEqualTo(1);
        assertThat(m.named("forkpool_job_duration_seconds_bucket")).hasSizeGreaterThan(10);
        assertThat(m.value("forkpool_chunk_duration_seconds_count", "function", "square"))
                .isGreaterThanOrEqualTo(1);
        assertThat(m.value("forkpool_chunk_duration_seconds_bucket", "function", "square", "le", "+Inf"))
                .isEqualTo(m.value("forkpool_chunk_duration_seconds_count", "function", "square"));

        // promtool wants HELP text on every metric family.
        assertThat(m.help)
                .contains(
                        "forkpool_cpu_core_utilization",
                        "forkpool_worker_busy",
                        "forkpool_worker_chunks_inflight",
                        "forkpool_worker_cpu_seconds_total",
                        "forkpool_worker_tasks_total",
                        "forkpool_worker_restarts_total",
                        "forkpool_pool_workers_alive",
                        "forkpool_pool_workers_desired",
                        "forkpool_queue_chunks_ready",
                        "forkpool_queue_chunks_running",
                        "forkpool_jobs_submitted_total",
                        "forkpool_jobs_finished_total",
                        "forkpool_items_processed_total",
                        "forkpool_job_duration_seconds",
                        "forkpool_chunk_duration_seconds",
                        "forkpool_function_cpu_seconds_total");

        // A job that burns measurable CPU (~0.1 s of spinning) shows in the worker and function CPU.
        HttpResponse<String> spun = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/spin"))
                        .header("Content-Type", "application/json")
                        .header("Prefer", "wait=60")
                        .POST(HttpRequest.BodyPublishers.ofString("[50000000]"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(spun.body()).get("status").asString()).isEqualTo("SUCCEEDED");
        await().atMost(PATIENCE)
                .until(() ->
                        scrape().value("forkpool_jobs_finished_total", "function", "spin", "status", "SUCCEEDED") == 1);
        PrometheusText after = scrape();
        assertThat(after.named("forkpool_worker_cpu_seconds_total").stream()
                        .mapToDouble(PrometheusText.Sample::value)
                        .sum())
                .isPositive();
        assertThat(after.value("forkpool_function_cpu_seconds_total", "function", "spin"))
                .isPositive();
    }

    @Test
    void theActuatorAnswersOnlyOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/pool").statusCode()).isEqualTo(200);
        // Only health, info, prometheus and pool are exposed.
        assertThat(get(managementPort, "/actuator/env").statusCode()).isEqualTo(404);
    }

    private PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                        .header("Accept", "text/plain")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new PrometheusText(response.body());
    }

    private HttpResponse<String> get(int onPort, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
