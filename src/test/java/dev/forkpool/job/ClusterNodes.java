package dev.forkpool.job;

import dev.forkpool.ForkpoolApplication;
import dev.forkpool.pool.WorkerPool;
import dev.forkpool.pool.WorkerSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Whole forkpool nodes, each its own Spring context with its own web server and worker processes,
 * in this test JVM, all on one PostgreSQL schema. Closing it stops every node still up.
 */
final class ClusterNodes implements AutoCloseable {
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private final PostgresSchema schema;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    ClusterNodes(PostgresSchema schema) {
        this.schema = schema;
    }

    /** A running node and an HTTP client pointed at it. */
    record Node(String id, ConfigurableApplicationContext context, RestClient http) {

        String submit(String function, String body, String query) {
            var response = http.post()
                    .uri("/jobs/" + function + query)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .toEntity(ClusterNodes.JSON);
            return (String) response.getBody().get("id");
        }

        Map<String, Object> job(String id) {
            return http.get().uri("/jobs/" + id).retrieve().body(ClusterNodes.JSON);
        }

        WorkerPool pool() {
            return context.getBean(WorkerPool.class);
        }

        long busyWorkers() {
            return pool().snapshot().stream().filter(WorkerSnapshot::busy).count();
        }

        /**
         * Kills this node as a crash would: it stops claiming, renewing and recording at once, its
         * worker processes get SIGKILL, and its chunks stay claimed until their leases expire.
         */
        void crash() {
            context.getBean(Dispatcher.class).halt();
            context.getBean(NodeUpkeep.class).halt();
            pool().snapshot().stream()
                    .map(WorkerSnapshot::pid)
                    .filter(pid -> pid != null)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            context.close();
        }
    }

    Node start(String id, int workers) {
        return start(id, workers, new String[0]);
    }

    /** A node with more command-line arguments (API keys, for instance). */
    Node start(String id, int workers, String... extra) {
        // Command-line arguments, because they outrank application.yml; builder properties do not.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=" + PostgresSchema.USER,
                "--spring.datasource.password=" + PostgresSchema.PASSWORD,
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--forkpool.node.id=" + id,
                "--forkpool.pool.size=" + workers,
                "--forkpool.node.lease=3s",
                "--forkpool.node.renew-every=1s",
                "--forkpool.node.idle-poll=200ms",
                "--forkpool.node.wait-poll=100ms"));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ForkpoolApplication.class).run(args.toArray(String[]::new));
        contexts.add(context);
        String port = context.getEnvironment().getProperty("local.server.port");
        return new Node(id, context, RestClient.create("http://127.0.0.1:" + port));
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }
}
