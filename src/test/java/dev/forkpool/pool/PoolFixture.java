package dev.forkpool.pool;

import dev.forkpool.protocol.NumberCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * A real {@link WorkerPool} with real child JVMs and no Spring context, that records every outcome
 * of every chunk it hands out, so a test can check that each is accounted for exactly once.
 */
final class PoolFixture implements AutoCloseable {
    static final Duration LONG = Duration.ofSeconds(60);

    final WorkerPool pool;
    final PoolProbe probe;
    /** Outcomes in the order they arrived, each with its chunk's name. */
    final List<Map.Entry<String, TaskOutcome>> outcomes = new CopyOnWriteArrayList<>();

    private final List<String> sent = new CopyOnWriteArrayList<>();

    PoolFixture(Map<String, String> properties) {
        this(properties, null);
    }

    /** A pool that keeps its worker AOT cache under {@code cacheRoot} (null: none). */
    PoolFixture(Map<String, String> properties, java.nio.file.Path cacheRoot) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("forkpool.pool.kill-grace", "500ms");
        all.putAll(properties);
        PoolProperties props =
                new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("forkpool.pool", PoolProperties.class);
        pool = new WorkerPool(props, cacheRoot);
        probe = new PoolProbe(pool);
        pool.start();
        probe.awaitAllIdle(LONG);
    }

    /** Hands the pool one chunk named {@code name}; fails the test if the pool has no room. */
    UUID run(String name, UUID jobId, String function, Duration timeout, Object... inputs) {
        ChunkTask task = new ChunkTask(jobId, 0, function, NumberCodec.encode(List.of(inputs)), timeout);
        sent.add(name);
        if (!pool.execute(task, outcome -> outcomes.add(Map.entry(name, outcome)))) {
            throw new AssertionError("the pool refused " + name);
        }
        return jobId;
    }

    /** Hands the pool a chunk that the node expects to take {@code estimatedNanos}; false if refused. */
    boolean offer(String name, long estimatedNanos, String function, Object... inputs) {
        return offer(name, UUID.randomUUID(), estimatedNanos, function, inputs);
    }

    boolean offer(String name, UUID jobId, long estimatedNanos, String function, Object... inputs) {
        ChunkTask task = new ChunkTask(jobId, 0, function, NumberCodec.encode(List.of(inputs)), LONG, estimatedNanos);
        boolean taken = pool.execute(task, outcome -> outcomes.add(Map.entry(name, outcome)));
        if (taken) {
            sent.add(name);
        }
        return taken;
    }

    UUID run(String name, String function, Object... inputs) {
        return run(name, UUID.randomUUID(), function, Duration.ofSeconds(60), inputs);
    }

    /** Waits for the outcome of the named chunk. */
    TaskOutcome await(String name) {
        Awaitility.await().atMost(LONG).until(() -> outcomeOf(name) != null);
        return outcomeOf(name);
    }

    TaskOutcome outcomeOf(String name) {
        return outcomes.stream()
                .filter(e -> e.getKey().equals(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    List<String> order() {
        return outcomes.stream().map(Map.Entry::getKey).toList();
    }

    /** Stops the pool, waits until every chunk handed out has an outcome, and checks none has two. */
    @Override
    public void close() {
        pool.stop();
        Awaitility.await().atMost(LONG).until(() -> sent.stream().allMatch(n -> outcomeOf(n) != null));
        for (String name : sent) {
            long n = outcomes.stream().filter(e -> e.getKey().equals(name)).count();
            if (n != 1) {
                throw new AssertionError(name + " was accounted for " + n + " times: " + outcomes);
            }
        }
    }
}
