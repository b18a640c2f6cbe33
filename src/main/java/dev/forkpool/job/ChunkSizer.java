package dev.forkpool.job;

/**
 * How many items go into one chunk, as a pure function of the job and what its items cost.
 *
 * <p>Two rules, and the larger size wins:
 *
 * <ul>
 *   <li>Enough chunks to balance the load, few enough that per-chunk overhead stays small: about
 *       {@code chunksPerWorker} chunks per worker, as Python's {@code Pool.map} does.
 *   <li>Each chunk carries at least {@code targetNanos} of work, so that a chunk's fixed cost (a
 *       claim, a pipe round trip, a commit) is small beside its work. Five squares are one chunk;
 *       five sleeps of 100 ms stay five. When the cost per item is unknown, this rule is off.
 * </ul>
 *
 * Then two caps: no chunk carries more than {@code maxWorkNanos} of estimated work, so that a
 * chunk's timeout, a cancel and the progress of a job stay in step with its items (an item of
 * unknown cost counts as {@link #UNKNOWN_COST_NANOS}); and none holds more than {@code
 * maxChunkSize} items.
 *
 * <p>A job whose total work exceeds {@code workers × targetNanos} still gets at least one chunk per
 * worker, since each chunk then holds about {@code targetNanos} of it.
 */
final class ChunkSizer {
    /**
     * What the work cap assumes an item of unknown cost takes: with the default cap of 1 s, chunks
     * of a function that has no cost hint and has not run on this node yet hold at most 10,000
     * items, until the first chunks have taught the node its cost.
     */
    static final long UNKNOWN_COST_NANOS = 100_000;

    private ChunkSizer() {}

    /**
     * @param items items in the job
     * @param workers worker processes of this node
     * @param chunksPerWorker the Pool.map rule's chunks per worker
     * @param maxChunkSize the most items in one chunk
     * @param targetNanos the least work one chunk should carry
     * @param maxWorkNanos the most work one chunk may carry; 0 or less turns the cap off
     * @param costPerItemNanos estimated cost of one item; NaN or negative when unknown
     * @return the chunk size, from 1 to {@code maxChunkSize}
     */
    static int size(
            int items,
            int workers,
            int chunksPerWorker,
            int maxChunkSize,
            long targetNanos,
            long maxWorkNanos,
            double costPerItemNanos) {
        long parts = (long) Math.max(1, workers) * chunksPerWorker;
        long byCount = (items + parts - 1) / parts;
        boolean known = costPerItemNanos >= 0;
        long byCost = 1;
        if (known && targetNanos > 0) {
            // A free item (cost 0) counts as 1 ns, so the target bounds the chunk, not infinity.
            byCost = (long) Math.ceil(targetNanos / Math.max(1.0, costPerItemNanos));
        }
        long size = Math.max(byCount, byCost);
        if (maxWorkNanos > 0) {
            double cost = known ? Math.max(1.0, costPerItemNanos) : UNKNOWN_COST_NANOS;
            size = Math.min(size, (long) Math.max(1, Math.floor(maxWorkNanos / cost)));
        }
        return (int) Math.max(1, Math.min(maxChunkSize, size));
    }
}
