package dev.forkpool.job;

import dev.forkpool.function.JobFunction;
import dev.forkpool.pool.ChunkTask;
import dev.forkpool.protocol.NumberCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an item of each function costs on this node: a moving average of the wall time per item
 * that workers report for finished chunks, learned per function. A node-local memory, not in the
 * store: it starts empty after a restart and then leans on the function's own cost hint.
 */
class FunctionCosts implements JobListener {
    /** Weight of the newest chunk in the moving average: recent enough to follow, smooth enough to ignore noise. */
    static final double SMOOTHING = 0.2;
    /** At most this many items are asked for a cost hint per job, spread evenly over the job. */
    static final int HINT_SAMPLE = 1024;

    private final Map<String, Double> nanosPerItem = new ConcurrentHashMap<>();

    @Override
    public void chunkFinished(String function, int items, int failed, long cpuNanos, Duration elapsed) {
        if (items <= 0 || elapsed.isZero() || elapsed.isNegative()) {
            return; // a chunk failed without running (timeout, crash): no cost to learn
        }
        double sample = (double) elapsed.toNanos() / items;
        nanosPerItem.merge(function, sample, (old, now) -> old + SMOOTHING * (now - old));
    }

    /** The learned cost per item of the function, or NaN if none of its chunks finished here yet. */
    double learned(String function) {
        return nanosPerItem.getOrDefault(function, Double.NaN);
    }

    /**
     * What a chunk should take, so a worker knows whether to queue it with others: its items times
     * the larger of the learned cost per item and the function's hint for its first item. The hint
     * catches a chunk of long spins after many short ones have taught a low average.
     *
     * @param function the function, or null if this node does not have it (then what was learned)
     * @return nanoseconds, or {@link ChunkTask#UNKNOWN_COST} if no chunk of it finished here yet
     */
    long chunkEstimate(String name, JobFunction function, int items, byte[] input) {
        if (Double.isNaN(learned(name))) {
            return ChunkTask.UNKNOWN_COST;
        }
        double perItem = function == null ? learned(name) : estimate(function, firstItem(input));
        return (long) Math.min(Long.MAX_VALUE, perItem * items);
    }

    /** The chunk's first item, if it is a number, for its hint; no more of the chunk is decoded. */
    private static List<Number> firstItem(byte[] input) {
        NumberCodec.Reader reader = NumberCodec.reader(input);
        if (reader.hasNext() && reader.next() != NumberCodec.FAILURE && reader.value() instanceof Number n) {
            return List.of(n);
        }
        return List.of();
    }

    /**
     * The cost per item to plan this job with: the larger of what was learned and what the
     * function's hint says for (a sample of) these items. The larger, because a chunk too small
     * costs some overhead, while a chunk too large leaves workers idle: the hint catches a job of
     * long sleeps after many short ones, the average catches a function whose hint is too low.
     *
     * @return nanoseconds per item, or NaN if neither is known
     */
    double estimate(JobFunction function, List<? extends Number> items) {
        double learned = learned(function.name());
        double hinted = meanHint(function, items);
        if (Double.isNaN(learned)) {
            return hinted;
        }
        return Double.isNaN(hinted) ? learned : Math.max(learned, hinted);
    }

    private static double meanHint(JobFunction function, List<? extends Number> items) {
        if (items.isEmpty()) {
            return Double.NaN;
        }
        int step = Math.max(1, items.size() / HINT_SAMPLE);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < items.size(); i += step) {
            long hint = function.costHintNanos(items.get(i));
            if (hint < 0) {
                return Double.NaN;
            }
            sum += hint;
            n++;
        }
        return sum / n;
    }
}
