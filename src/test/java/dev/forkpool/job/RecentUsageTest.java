package dev.forkpool.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentUsageTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();
    private volatile RecentUsage.Usage stored = new RecentUsage.Usage(3, 30);
    private final RecentUsage usage = new RecentUsage(clock, () -> {
        reads.incrementAndGet();
        return stored;
    });

    @Test
    void readsTheStoreOnceWhileFreshAndAddsWhatThisNodeAccepts() {
        assertThat(usage.current()).isEqualTo(new RecentUsage.Usage(3, 30));
        usage.add(5);
        clock.advance(RecentUsage.FRESH.minusMillis(1));
        assertThat(usage.current()).isEqualTo(new RecentUsage.Usage(4, 35));
        assertThat(reads).hasValue(1);
    }

    @Test
    void readsAgainOnceStale() {
        usage.current();
        usage.add(5);
        stored = new RecentUsage.Usage(1, 2); // jobs finished meanwhile
        clock.advance(RecentUsage.FRESH);
        assertThat(usage.current()).isEqualTo(new RecentUsage.Usage(1, 2));
        assertThat(reads).hasValue(2);
    }

    @Test
    void rereadIgnoresFreshness() {
        usage.current();
        stored = new RecentUsage.Usage(0, 0);
        assertThat(usage.reread()).isEqualTo(new RecentUsage.Usage(0, 0));
        assertThat(usage.current()).isEqualTo(new RecentUsage.Usage(0, 0));
        assertThat(reads).hasValue(2);
    }

    @Test
    void aClockThatGoesBackReadsAgain() {
        usage.current();
        clock.advance(Duration.ofSeconds(-5));
        usage.current();
        assertThat(reads).hasValue(2);
    }
}
