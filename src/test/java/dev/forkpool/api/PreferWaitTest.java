package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreferWaitTest {
    private static final Duration MAX = Duration.ofSeconds(60);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "wait=5 | 5",
                "WAIT=2 | 2",
                "wait = 7 | 7",
                "wait=\"3\" | 3",
                "respond-async, wait=10 | 10",
                "respond-async; wait=11 | 11",
                "wait=12; handling=lenient | 12",
                "wait=100 | 60",
                "wait=60 | 60",
            })
    void readsTheWaitPreferenceCutToTheMaximum(String header, long seconds) {
        assertThat(PreferWait.parse(header, MAX)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {"", "respond-async", "handling=strict", "wait=0", "wait=-1", "wait=abc", "wait", "waitress=5"})
    void noOrMalformedWaitMeansNoWait(String header) {
        assertThat(PreferWait.parse(header, MAX)).isNull();
    }
}
