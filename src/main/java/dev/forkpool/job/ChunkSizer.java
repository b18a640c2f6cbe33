package dev.forkpool.job;

/**
 * How many items go into one chunk, as a pure function of the job and what its items cost.
 *
 * <p>Two rules, and the larger size wins, capped at the maximum:
 *
 * <ul>
 *   <li>Enough chunks to balance the load, few enough that per-chunk overhead stays small: about
 *       {@code chunksPerWorker} chunks per worker, as Python's {@code Pool.map} does.
 *   <li>Each chunk carries at least {@code targetNanos} of work, so that a chunk's fixed cost (a
 *       claim, a pipe round trip, a commit) is small beside its work. Five squares are one chunk;
 *       five sleeps of 100 ms stay five. When the cost per item is unknown, this rule is off.
 * </ul>
 *
 * A job whose total work exceeds {@code workers × targetNanos} still gets at least one chunk per
 * worker, since each chunk then holds about {@code targetNanos} of it.
 */
final class ChunkSizer {
    private ChunkSizer() {}

    /**
     * @param items items in the job
     * @param workers worker processes of this node
     * @param chunksPerWorker the Pool.map rule's chunks per worker
     * @param maxChunkSize the most items in one chunk
     * @param targetNanos the least work one chunk should carry
     * @param costPerItemNanos estimated cost of one item; NaN or negative when unknown
     * @return the chunk size, from 1 to {@code maxChunkSize}
     */
    static int size(
            int items, int workers, int chunksPerWorker, int maxChunkSize, long targetNanos, double costPerItemNanos) {
        long parts = (long) Math.max(1, workers) * chunksPerWorker;
        long byCount = (items + parts - 1) / parts;
        long byCost = 1;
        if (costPerItemNanos >= 0 && targetNanos > 0) {
            // A free item (cost 0) counts as 1 ns, so the target bounds the chunk, not infinity.
            byCost = (long) Math.ceil(targetNanos / Math.max(1.0, costPerItemNanos));
        }
        return (int) Math.max(1, Math.min(maxChunkSize, Math.max(byCount, byCost)));
    }
}
