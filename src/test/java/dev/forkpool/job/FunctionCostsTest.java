package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.forkpool.function.JobFunction;
import dev.forkpool.function.SleepFunction;
import dev.forkpool.function.SpinFunction;
import dev.forkpool.function.SquareFunction;
import dev.forkpool.pool.ChunkTask;
import dev.forkpool.protocol.NumberCodec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionCostsTest {
    private final FunctionCosts costs = new FunctionCosts();

    /** A function that cannot estimate its cost. */
    private static final JobFunction UNKNOWN = new JobFunction() {
        @Override
        public String name() {
            return "unknown";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public Number apply(Number input) {
            return input;
        }
    };

    @Test
    void beforeAnythingIsLearnedTheHintDecidesOrNothing() {
        assertThat(costs.estimate(new SquareFunction(), List.of(1, 2, 3))).isEqualTo(1000.0);
        assertThat(costs.estimate(new SleepFunction(), List.of(100L, 300L))).isEqualTo(200_000_000.0);
        assertThat(costs.estimate(UNKNOWN, List.of(1, 2))).isNaN();
    }

    @Test
    void learnsAMovingAverageOfWallTimePerItem() {
        costs.chunkFinished("unknown", 10, 0, 0, Duration.ofMillis(10)); // 1 ms per item
        assertThat(costs.learned("unknown")).isEqualTo(1_000_000.0);
        costs.chunkFinished("unknown", 1, 0, 0, Duration.ofMillis(6)); // 6 ms: moves a fifth of the way
        assertThat(costs.learned("unknown")).isCloseTo(2_000_000.0, within(1.0));
        // A chunk that failed without running teaches nothing.
        costs.chunkFinished("unknown", 5, 5, 0, Duration.ZERO);
        assertThat(costs.learned("unknown")).isCloseTo(2_000_000.0, within(1.0));
        assertThat(costs.estimate(UNKNOWN, List.of(1))).isCloseTo(2_000_000.0, within(1.0));
    }

    @Test
    void aChunkIsEstimatedByItsItemsOnceTheFunctionHasRunHereWithTheHintOfItsFirstItemAsAFloor() {
        byte[] shortSpins = NumberCodec.encode(List.of(1_000L, 1_000L));
        assertThat(costs.chunkEstimate("spin", new SpinFunction(), 2, shortSpins))
                .isEqualTo(ChunkTask.UNKNOWN_COST);

        costs.chunkFinished("spin", 8, 0, 0, Duration.ofNanos(8 * 3_000)); // 3 µs per item learned
        assertThat(costs.chunkEstimate("spin", new SpinFunction(), 2, shortSpins))
                .isEqualTo(6_000);
        // A long spin after many short ones: its own hint (2 ns a round) outweighs the average.
        byte[] longSpin = NumberCodec.encode(List.of(150_000_000L));
        assertThat(costs.chunkEstimate("spin", new SpinFunction(), 1, longSpin)).isEqualTo(300_001_000);
        // A function this node does not have: what was learned.
        assertThat(costs.chunkEstimate("spin", null, 1, longSpin)).isEqualTo(3_000);
    }

    @Test
    void theLargerOfLearnedAndHintedWins() {
        // Many short sleeps learned, then a job of long ones: the hint keeps them apart.
        costs.chunkFinished("sleep", 100, 0, 0, Duration.ofMillis(100));
        assertThat(costs.estimate(new SleepFunction(), List.of(5000L, 5000L))).isEqualTo(5e9);
        // Squares turn out dearer than their hint: the learned figure wins.
        costs.chunkFinished("square", 1, 0, 0, Duration.ofMillis(1));
        assertThat(costs.estimate(new SquareFunction(), List.of(1))).isEqualTo(1_000_000.0);
    }
}
