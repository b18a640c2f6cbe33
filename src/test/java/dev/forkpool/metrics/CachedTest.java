package dev.forkpool.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedTest {

    @Test
    void readsTheSourceAgainOnlyOnceTheTimeToLiveHasPassed() {
        var now = new AtomicLong(1_000);
        var reads = new AtomicInteger();
        var cached = new Cached<>(reads::incrementAndGet, Duration.ofNanos(100), now::get);

        assertThat(cached.get()).isEqualTo(1);
        now.addAndGet(99);
        assertThat(cached.get()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(cached.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }
}
