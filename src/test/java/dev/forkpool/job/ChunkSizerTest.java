package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkSizerTest {
    private static final long TARGET = 5_000_000; // 5 ms

    @ParameterizedTest(name = "{0} items, {1} workers, {6} ns/item, at most {5} ns -> chunks of {7}")
    @CsvSource({
        // items, workers, chunksPerWorker, maxChunkSize, targetNanos, maxWorkNanos, costPerItemNanos, expected
        // (maxWorkNanos 0: the work cap off)
        // cost unknown: Pool.map's rule, about 4 chunks per worker, capped
        "0, 2, 4, 10000, 5000000, 0, NaN, 1",
        "5, 2, 4, 10000, 5000000, 0, NaN, 1",
        "9, 2, 4, 10000, 5000000, 0, NaN, 2",
        "100, 2, 4, 10000, 5000000, 0, NaN, 13",
        "100, 3, 4, 10000, 5000000, 0, NaN, 9",
        "1000000, 2, 4, 10000, 5000000, 0, NaN, 10000",
        "2147483647, 1024, 4, 1000000, 5000000, 0, NaN, 524288",
        // five squares (about 1 us each): one chunk
        "5, 2, 4, 10000, 5000000, 0, 1000, 5000",
        // a million squares: the count rule wants more than the target, the maximum caps it
        "1000000, 2, 4, 10000, 5000000, 0, 1000, 10000",
        // 20,000 squares on 2 workers: 5 ms of work per chunk beats 8 chunks of 2,500
        "20000, 2, 4, 10000, 5000000, 0, 1000, 5000",
        // five sleeps of 100 ms, five spins of 0.3 s: one item per chunk
        "5, 2, 4, 10000, 5000000, 0, 100000000, 1",
        "5, 2, 4, 10000, 5000000, 0, 300000000, 1",
        // items of 1 ms: five to a chunk
        "40, 2, 4, 10000, 5000000, 0, 1000000, 5",
        // many expensive items: the count rule keeps chunks few enough
        "800, 2, 4, 10000, 5000000, 0, 100000000, 100",
        // free items are bounded by the target, then by the maximum
        "10, 2, 4, 10000, 5000000, 0, 0, 10000",
        "10, 2, 4, 64, 5000000, 0, 0, 64",
        // a target of 0 turns the cost rule off
        "5, 2, 4, 10000, 0, 0, 1000, 1",
        // negative cost means unknown
        "5, 2, 4, 10000, 5000000, 0, -1, 1",
        // the work cap (1 s): a million squares of 1 us take Pool.map's 125,000 per chunk
        "1000000, 2, 4, 125000, 5000000, 1000000000, 1000, 125000",
        // a million items of 1 ms: 1,000 to a chunk, not 125,000 (2 minutes, past many a timeout)
        "1000000, 2, 4, 125000, 5000000, 1000000000, 1000000, 1000",
        // items of 2 s: one each, though 16 would share 8 chunks by count
        "16, 2, 4, 125000, 5000000, 1000000000, 2000000000, 1",
        // cost unknown: each item counts as 100 us, so 10,000 to a chunk at most
        "1000000, 2, 4, 125000, 5000000, 1000000000, NaN, 10000",
        "100, 2, 4, 125000, 5000000, 1000000000, NaN, 13",
        // the work cap wins over the least-work target when they disagree
        "100, 2, 4, 125000, 5000000, 1000000, 1000, 1000",
        // free items under the work cap: the maximum bounds them
        "10, 2, 4, 125000, 5000000, 1000000000, 0, 125000",
    })
    void theLargerOfTheCountRuleAndTheWorkRuleCapped(
            int items, int workers, int perWorker, int max, long target, long maxWork, double cost, int expected) {
        assertThat(ChunkSizer.size(items, workers, perWorker, max, target, maxWork, cost))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} items at {1} ns -> {2} chunks")
    @CsvSource({
        "5, 1000, 1", // squares
        "5, 100000000, 5", // sleeps of 100 ms
        "5, 300000000, 5", // spins of 0.3 s
    })
    void theIssuesExamples(int items, double cost, int chunks) {
        int size = ChunkSizer.size(items, 2, 4, 125_000, TARGET, 1_000_000_000L, cost);
        assertThat((items + size - 1) / size).isEqualTo(chunks);
    }
}
