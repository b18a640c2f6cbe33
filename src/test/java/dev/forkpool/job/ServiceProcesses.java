package dev.forkpool.job;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the service as real child JVMs on one H2 data directory, so a test can kill -9 it and start
 * it again. {@link #close()} kills every service and worker it started, including the workers of a
 * service that was killed (those are no longer its descendants).
 */
final class ServiceProcesses implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    static final Duration START = Duration.ofSeconds(180);

    private final Path dataDir;
    private final List<Process> services = new ArrayList<>();
    private final List<Long> workerPids = new ArrayList<>();
    private final ConcurrentLinkedDeque<String> log = new ConcurrentLinkedDeque<>();

    ServiceProcesses(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** A running service and its HTTP client. */
    record Service(Process process, ApiClient api) {}

    /** Starts a service on the data directory and waits until it listens. */
    Service start(String... extraArgs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The actuator shares the API port (the service's own default puts it on 8081, which two
        // services started at once would fight over): one free port for both.
        int apiPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ForkpoolApplication.class.getName(),
                "--forkpool.data-dir=" + dataDir,
                "--server.port=" + apiPort,
                "--management.server.port=" + apiPort,
                "--server.address=127.0.0.1",
                "--forkpool.pool.size=2",
                // Leases outlive the test, so only recovery at start can bring the killed
                // service's running chunks back, not lease expiry.
                "--forkpool.node.lease=1h",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extraArgs));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    /** The pids of the service's live workers, once all of them are up; remembered for clean-up. */
    List<Long> workers(ApiClient api) {
        await().atMost(START).until(() -> api.pool().get("alive").asInt() == 2);
        List<Long> pids = api.pool()
                .get("workers")
                .valueStream()
                .map(w -> w.get("pid").asLong())
                .toList();
        workerPids.addAll(pids);
        return pids;
    }

    /** kill -9 of the service, and waits until it is gone. */
    static void kill(Service service) throws InterruptedException {
        service.process().destroyForcibly();
        if (!service.process().waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the service survived kill -9");
        }
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() throws InterruptedException {
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

    private static int freePort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
