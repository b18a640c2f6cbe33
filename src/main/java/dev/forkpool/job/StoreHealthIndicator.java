package dev.forkpool.job;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The job store as this node sees it: which database, and the chunks waiting and running on all
 * nodes. DOWN when the store does not answer, since then this node can neither accept nor run work.
 */
class StoreHealthIndicator implements HealthIndicator {
    private final JobStore store;
    private final NodeRegistry nodes;
    private final NodeProperties node;

    StoreHealthIndicator(JobStore store, NodeRegistry nodes, NodeProperties node) {
        this.store = store;
        this.nodes = nodes;
        this.node = node;
    }

    @Override
    public Health health() {
        try {
            JobStore.ChunkCounts chunks = store.chunkCounts();
            return Health.up()
                    .withDetail("database", store.dialect().name())
                    .withDetail("liveNodes", nodes.live(node.lease()).size())
                    .withDetail("readyChunks", chunks.ready())
                    .withDetail("runningChunks", chunks.running())
                    .build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("database", store.dialect().name()).build();
        }
    }
}
