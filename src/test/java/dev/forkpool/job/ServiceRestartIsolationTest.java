package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.forkpool.ForkpoolApplication;
import dev.forkpool.api.ApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the service itself: the service runs as a real child JVM on an H2 file, is killed
 * mid-job, its workers exit on their own (end of stdin), and a new service on the same data
 * directory finishes the job with every result.
 */
class ServiceRestartIsolationTest {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration START = Duration.ofSeconds(180);

    @TempDir
    Path dataDir;

    private final List<Process> services = new ArrayList<>();
    private final List<Long> workerPids = new ArrayList<>();
    private final ConcurrentLinkedDeque<String> log = new ConcurrentLinkedDeque<>();

    /** A running service and its HTTP client. */
    record Service(Process process, ApiClient api) {}

    private Service start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ForkpoolApplication.class.getName(),
                        "--forkpool.data-dir=" + dataDir,
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--forkpool.pool.size=2",
                        // Leases outlive the test, so only recovery at start can bring the killed
                        // service's running chunks back, not lease expiry.
                        "--forkpool.node.lease=1h",
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .start();
        services.add(p);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("service-" + p.pid() + "-out").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add("[" + p.pid() + "] " + line);
                    if (log.size() > 2000) {
                        log.removeFirst();
                    }
                    Matcher m = PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            port.completeExceptionally(new IllegalStateException("service exited before it listened"));
        });
        try {
            return new Service(p, new ApiClient(port.get(START.toSeconds(), TimeUnit.SECONDS)));
        } catch (Exception e) {
            throw new AssertionError("service did not start; its log:\n" + String.join("\n", log), e);
        }
    }

    private List<Long> workers(ApiClient api) {
        await().atMost(START).until(() -> api.pool().get("alive").asInt() == 2);
        List<Long> pids = api.pool()
                .get("workers")
                .valueStream()
                .map(w -> w.get("pid").asLong())
                .toList();
        workerPids.addAll(pids);
        return pids;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @AfterEach
    void stopEverythingStartedHere() throws InterruptedException {
        for (Process p : services) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Workers of a killed service are no longer its descendants; these pids were ours.
        for (long pid : workerPids) {
            ProcessHandle.of(pid)
                    .filter(h -> h.info().commandLine().orElse("").contains("WorkerMain"))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void anUnfinishedJobCompletesAfterTheServiceIsKilledAndRestartedOnTheSameData() throws Exception {
        Service first = start();
        List<Long> firstWorkers = workers(first.api());
        List<Integer> inputs = IntStream.range(0, 6).map(i -> 2000 + i).boxed().toList();
        UUID id = first.api().submit("sleep?chunkSize=1", inputs.toString());
        // Mid-job: some chunks done, others running or waiting.
        await().atMost(START).until(() -> first.api().job(id).get("completed").asInt() >= 1);
        assertThat(first.api().job(id).get("status").asString()).isEqualTo("RUNNING");

        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(137);

        // No worker outlives its service: each sees end of stdin and exits.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> firstWorkers.stream().noneMatch(ServiceRestartIsolationTest::isAlive));

        Service second = start();
        var done = second.api().awaitFinished(id, START);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("completed").asInt()).isEqualTo(inputs.size());
        assertThat(second.api().results(id).json().get("results").toString())
                .isEqualTo(inputs.toString().replace(" ", ""));

        // A graceful stop takes its workers with it too.
        List<Long> secondWorkers = workers(second.api());
        second.process().destroy();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> secondWorkers.stream().noneMatch(ServiceRestartIsolationTest::isAlive));
    }
}
