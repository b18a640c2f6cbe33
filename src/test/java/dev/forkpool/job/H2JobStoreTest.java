package dev.forkpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/** The store contract on an embedded H2 file, as a single node runs it. */
class H2JobStoreTest extends JobStoreContractTest {
    private Path dir;

    @Override
    String openDatabase() {
        try {
            dir = Files.createTempDirectory("forkpool-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "jdbc:h2:file:" + dir.resolve("forkpool") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    void closeDatabase() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }
}
