package dev.forkpool;

import dev.forkpool.api.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The one setup of every test that runs the whole service in-process: a random port on loopback,
 * real workers (2 by default), a fresh H2 data directory per Spring context, and an {@link
 * ApiClient} on that port. A test class adds only what differs, with
 * {@code @TestPropertySource(properties = ...)}; classes with the same settings share one cached
 * context (and its workers), so give a class {@code @DirtiesContext} only when its settings are its
 * own or it leaves the service changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"forkpool.pool.size=2", "spring.main.banner-mode=off"})
public abstract class ServiceTest {

    /**
     * Runs once per context that is created (not per class), so each context gets a data
     * directory of its own and two live contexts never share an H2 file.
     */
    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        Path dir;
        try {
            dir = Files.createTempDirectory("forkpool-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().unstarted(() -> FileSystemUtils.deleteRecursively(dir.toFile())));
        registry.add("forkpool.data-dir", dir::toString);
    }

    @LocalServerPort
    protected int port;

    /** A real HTTP client on the service's port. */
    protected ApiClient api;

    @BeforeEach
    void apiClient() {
        api = new ApiClient(port);
    }
}
