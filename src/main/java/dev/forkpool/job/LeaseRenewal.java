package dev.forkpool.job;

/**
 * Keeps this node's claims alive: extends the lease of every chunk it runs and writes its
 * heartbeat. Runs every {@code forkpool.node.renew-every}, well inside the lease.
 */
final class LeaseRenewal {
    private final JobStore store;
    private final NodeRegistry nodes;
    private final NodeProperties node;
    private final String nodeId;

    LeaseRenewal(JobStore store, NodeRegistry nodes, NodeProperties node, String nodeId) {
        this.store = store;
        this.nodes = nodes;
        this.node = node;
        this.nodeId = nodeId;
    }

    /** @return how many leases were extended */
    int runOnce() {
        int renewed = store.renewLeases(nodeId, node.lease());
        nodes.heartbeat(nodeId);
        return renewed;
    }
}
