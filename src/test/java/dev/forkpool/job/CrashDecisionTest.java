package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrashDecisionTest {

    @ParameterizedTest(name = "{0} items, death number {1}, max {2} → {3}")
    @CsvSource({
        // a chunk of several items: retried whole once, then halved
        "8, 1, 3, RETRY",
        "8, 2, 3, SPLIT",
        "2, 2, 3, SPLIT",
        "2, 5, 3, SPLIT",
        // a lone item: retried until it has killed max-attempts workers
        "1, 1, 3, RETRY",
        "1, 2, 3, RETRY",
        "1, 3, 3, FAIL",
        "1, 4, 3, FAIL",
        "1, 1, 1, FAIL",
        // a half split off keeps the one attempt it inherits, so its first death splits it again
        "4, 2, 1, SPLIT",
    })
    void decidesFromItemsAndDeaths(int items, int attempts, int maxAttempts, CrashDecision expected) {
        assertThat(CrashDecision.after(items, attempts, maxAttempts)).isEqualTo(expected);
    }
}
