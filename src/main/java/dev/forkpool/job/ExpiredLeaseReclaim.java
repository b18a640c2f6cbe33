package dev.forkpool.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back to ready the chunks whose lease ran out: their node stopped renewing, so it is gone. A
 * dead node's chunk is thus ready again at most one lease plus one period after its last renewal,
 * and this node's dispatcher is woken to claim it.
 */
final class ExpiredLeaseReclaim {
    private static final Logger log = LoggerFactory.getLogger(ExpiredLeaseReclaim.class);

    private final JobStore store;
    private final NodeProperties node;
    private final Runnable wakeDispatcher;

    ExpiredLeaseReclaim(JobStore store, NodeProperties node, Runnable wakeDispatcher) {
        this.store = store;
        this.node = node;
        this.wakeDispatcher = wakeDispatcher;
    }

    /** @return how many chunks went back to ready */
    int runOnce() {
        int reclaimed = store.reclaimExpired(node.reclaimBatch());
        if (reclaimed > 0) {
            log.warn("took back {} chunks whose lease expired (their node stopped renewing)", reclaimed);
            wakeDispatcher.run();
        }
        return reclaimed;
    }
}
