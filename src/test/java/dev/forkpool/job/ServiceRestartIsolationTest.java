package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the service itself: the service runs as a real child JVM on an H2 file, is killed
 * mid-job, its workers exit on their own (end of stdin), and a new service on the same data
 * directory finishes the job with every result.
 */
class ServiceRestartIsolationTest {
    private static final Duration START = ServiceProcesses.START;

    @TempDir
    Path dataDir;

    private ServiceProcesses services;

    @BeforeEach
    void processes() {
        services = new ServiceProcesses(dataDir);
    }

    @AfterEach
    void stopEverythingStartedHere() throws InterruptedException {
        services.close();
    }

    @Test
    void anUnfinishedJobCompletesAfterTheServiceIsKilledAndRestartedOnTheSameData() throws Exception {
        var first = services.start();
        List<Long> firstWorkers = services.workers(first.api());
        List<Integer> inputs = IntStream.range(0, 6).map(i -> 2000 + i).boxed().toList();
        UUID id = first.api().submit("sleep?chunkSize=1", inputs.toString());
        // Mid-job: some chunks done, others running or waiting.
        await().atMost(START).until(() -> first.api().job(id).get("completed").asInt() >= 1);
        assertThat(first.api().job(id).get("status").asString()).isEqualTo("RUNNING");

        ServiceProcesses.kill(first);
        assertThat(first.process().exitValue()).isEqualTo(137);

        // No worker outlives its service: each sees end of stdin and exits.
        await().atMost(Duration.ofSeconds(30)).until(() -> firstWorkers.stream().noneMatch(ServiceProcesses::isAlive));

        var second = services.start();
        var done = second.api().awaitFinished(id, START);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("completed").asInt()).isEqualTo(inputs.size());
        assertThat(second.api().results(id).json().get("results").toString())
                .isEqualTo(inputs.toString().replace(" ", ""));

        // A graceful stop takes its workers with it too.
        List<Long> secondWorkers = services.workers(second.api());
        second.process().destroy();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> secondWorkers.stream().noneMatch(ServiceProcesses::isAlive));
    }
}
