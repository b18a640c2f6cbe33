package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootBackoffTest {
    private final BootBackoff backoff = new BootBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 3);

    @Test
    void theDelayDoublesUpToTheCapAndThePoolIsDownPastTheLimit() {
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.down()).isFalse();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.down()).isTrue();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failuresInARow()).isEqualTo(4);
    }

    @Test
    void oneGoodStartResetsIt() {
        backoff.failed();
        backoff.failed();
        backoff.failed();
        backoff.succeeded();

        assertThat(backoff.down()).isFalse();
        assertThat(backoff.failuresInARow()).isZero();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aRecycleLimitHasAtMostTenPercentJitterAndZeroMeansNever() {
        for (int i = 0; i < 100; i++) {
            assertThat(WorkerSlot.recycleAfter(1000)).isBetween(1000, 1100);
        }
        assertThat(WorkerSlot.recycleAfter(0)).isEqualTo(Integer.MAX_VALUE);
    }
}
