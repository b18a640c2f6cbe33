package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.api.ApiClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Owner isolation holds across nodes: the owner lives in the shared store, not in a node. */
class ClusterOwnersTest {
    private static final String ALICE = "alice-cluster-key";
    private static final String BOB = "bob-cluster-key";
    private static final String ROOT = "root-cluster-key";

    private PostgresSchema schema;
    private ClusterNodes cluster;

    @BeforeEach
    void freshSchema() {
        schema = PostgresSchema.create();
        cluster = new ClusterNodes(schema);
    }

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void anotherOwnersJobIsNotFoundOnEitherNode() {
        ClusterNodes.Node a = cluster.start("a", 1, keys());
        ClusterNodes.Node b = cluster.start("b", 1, keys());
        ApiClient aliceOnA = client(a, ALICE);
        UUID id = aliceOnA.submit("square", "[1,2,3]");
        aliceOnA.awaitFinished(id, Duration.ofSeconds(90));

        for (ClusterNodes.Node node : List.of(a, b)) {
            ApiClient bob = client(node, BOB);
            assertThat(bob.get("/jobs/" + id).status()).isEqualTo(404);
            assertThat(bob.get("/jobs/" + id + "/results").status()).isEqualTo(404);
            assertThat(bob.delete("/jobs/" + id).status()).isEqualTo(404);
            assertThat(bob.allJobIds("")).doesNotContain(id);
            assertThat(client(node, ALICE).job(id).get("owner").asString()).isEqualTo("alice");
            assertThat(client(node, ROOT).allJobIds("")).contains(id);
        }
        assertThat(client(b, ALICE).results(id).json().get("results").get(2).asInt())
                .isEqualTo(9);
    }

    private static ApiClient client(ClusterNodes.Node node, String key) {
        return new ApiClient(Integer.parseInt(node.context().getEnvironment().getProperty("local.server.port")), key);
    }

    private static String[] keys() {
        List<String> args = new ArrayList<>();
        String[][] keys = {{"alice", "submitter", ALICE}, {"bob", "submitter", BOB}, {"root", "admin", ROOT}};
        for (int i = 0; i < keys.length; i++) {
            args.add("--forkpool.security.keys[" + i + "].owner=" + keys[i][0]);
            args.add("--forkpool.security.keys[" + i + "].role=" + keys[i][1]);
            args.add("--forkpool.security.keys[" + i + "].hash=" + hash(keys[i][2]));
        }
        return args.toArray(String[]::new);
    }

    private static String hash(String key) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(
                                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
