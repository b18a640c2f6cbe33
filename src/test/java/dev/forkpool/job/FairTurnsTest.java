package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FairTurnsTest {

    @ParameterizedTest
    @CsvSource({
        // base, chunk, owner's jobs, turn
        "100, 0, 1, 100",
        "100, 1, 1, 101",
        "100, 0, 2, 100",
        "100, 3, 2, 106",
        "100, 0, 10, 100",
        "100, 2, 10, 120",
        "0, 5, 0, 5"
    })
    void turns(long base, int chunk, int ownerJobs, long expected) {
        assertThat(FairTurns.turn(base, chunk, ownerJobs)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"10, 3.0", "100, 5.3"})
    void anOwnerWithManyJobsGetsAboutLnNChunksPerTurn(int jobs, double atMost) {
        // Turns 0..9999 of an owner who queued `jobs` big jobs one after another, all at base 0.
        long perTurn = 10_000;
        long chunks = 0;
        for (int n = 1; n <= jobs; n++) {
            int owned = n;
            chunks += LongStream.range(0, perTurn)
                    .filter(k -> FairTurns.turn(0, (int) k, owned) < perTurn)
                    .count();
        }
        assertThat((double) chunks / perTurn).isLessThanOrEqualTo(atMost);
    }
}
