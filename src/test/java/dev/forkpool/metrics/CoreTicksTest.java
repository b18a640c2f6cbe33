package dev.forkpool.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreTicksTest {

    /** Tick order as OSHI reports it: user, nice, system, idle, iowait, irq, softirq, steal. */
    private static long[] ticks(
            long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
        return new long[] {user, nice, system, idle, iowait, irq, softirq, steal};
    }

    @Test
    void busyShareOfTheTicksBetweenTwoReadings() {
        long[][] before = {ticks(100, 0, 50, 800, 50, 0, 0, 0), ticks(0, 0, 0, 1000, 0, 0, 0, 0)};
        long[][] after = {
            // +60 user, +10 nice, +20 system, +5 irq, +5 steal busy; +0 idle, +0 iowait: all busy
            ticks(160, 10, 70, 800, 50, 5, 0, 5),
            // +25 user, +25 softirq busy; +40 idle, +10 iowait not busy: half busy
            ticks(25, 0, 0, 1040, 10, 0, 25, 0)
        };

        double[] utilization = CoreTicks.utilization(before, after);

        assertThat(utilization).containsExactly(new double[] {1.0, 0.5}, within(1e-9));
    }

    @Test
    void withoutAnEarlierReadingItIsTheAverageSinceBoot() {
        assertThat(CoreTicks.utilization(null, new long[][] {ticks(30, 0, 10, 60, 0, 0, 0, 0)}))
                .containsExactly(new double[] {0.4}, within(1e-9));
    }

    @Test
    void aCoreWhoseCountersStoodStillOrWentBackwardsReadsZero() {
        long[][] before = {ticks(10, 0, 0, 10, 0, 0, 0, 0), ticks(500, 0, 0, 500, 0, 0, 0, 0)};
        long[][] after = {ticks(10, 0, 0, 10, 0, 0, 0, 0), ticks(5, 0, 0, 5, 0, 0, 0, 0)};

        assertThat(CoreTicks.utilization(before, after)).containsExactly(0.0, 0.0);
    }

    @Test
    void aCoreMissingFromTheEarlierReadingCountsFromZero() {
        long[][] before = {ticks(0, 0, 0, 10, 0, 0, 0, 0)};
        long[][] after = {ticks(10, 0, 0, 10, 0, 0, 0, 0), ticks(3, 0, 0, 1, 0, 0, 0, 0)};

        assertThat(CoreTicks.utilization(before, after)).containsExactly(new double[] {1.0, 0.75}, within(1e-9));
    }

    @Test
    void theSamplerKeepsTheLastIntervalAndSurvivesAFailedRead() {
        var readings = new ArrayDeque<long[][]>(List.of(
                new long[][] {ticks(0, 0, 0, 100, 0, 0, 0, 0), ticks(100, 0, 0, 0, 0, 0, 0, 0)},
                new long[][] {ticks(0, 0, 0, 200, 0, 0, 0, 0), ticks(190, 0, 0, 10, 0, 0, 0, 0)},
                new long[][] {ticks(75, 0, 0, 225, 0, 0, 0, 0), ticks(190, 0, 0, 110, 0, 0, 0, 0)}));
        var sampler = new CoreUtilizationSampler(
                () -> {
                    long[][] next = readings.poll();
                    if (next == null) {
                        throw new IllegalStateException("no more readings");
                    }
                    return next;
                },
                Duration.ofSeconds(1));

        assertThat(sampler.cores()).isEqualTo(2);
        assertThat(sampler.utilization(0)).isZero();
        assertThat(sampler.utilization(1)).isEqualTo(1.0);

        sampler.sample();
        assertThat(sampler.utilization(0)).isZero();
        assertThat(sampler.utilization(1)).isCloseTo(0.9, within(1e-9));

        sampler.sample();
        assertThat(sampler.utilization(0)).isCloseTo(0.75, within(1e-9));
        assertThat(sampler.utilization(1)).isZero();

        sampler.sample(); // the source throws: the last values stay
        assertThat(sampler.utilization(0)).isCloseTo(0.75, within(1e-9));
        assertThat(sampler.utilization(5)).isZero();
    }
}
