package dev.forkpool.job;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/nodes}: the nodes sharing this store whose heartbeat is at most one lease old.
 * A node silent for longer has lost its leases, and its chunks are being taken over.
 */
@Endpoint(id = "nodes")
class NodesEndpoint {
    private final NodeRegistry registry;
    private final NodeProperties node;
    private final String self;

    NodesEndpoint(NodeRegistry registry, NodeProperties node, String self) {
        this.registry = registry;
        this.node = node;
        this.self = self;
    }

    record NodesView(String self, Duration liveWithin, List<NodeRegistry.NodeRow> nodes) {}

    @ReadOperation
    NodesView nodes() {
        return new NodesView(self, node.lease(), registry.live(node.lease()));
    }
}
