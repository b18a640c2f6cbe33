package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LostChunkOutcomeTest {
    private static final Duration T = Duration.ofSeconds(3);

    static Stream<Arguments> cases() {
        return Stream.of(
                // started, cancelled, reason, shutting down -> outcome
                Arguments.of(true, false, ExitReason.TIMEOUT, false, TaskOutcome.TimedOut.class),
                Arguments.of(false, false, ExitReason.TIMEOUT, false, TaskOutcome.Abandoned.class),
                Arguments.of(true, false, ExitReason.CRASH, false, TaskOutcome.Crashed.class),
                Arguments.of(false, false, ExitReason.CRASH, false, TaskOutcome.Abandoned.class),
                Arguments.of(true, true, ExitReason.CANCEL, false, TaskOutcome.Cancelled.class),
                Arguments.of(false, true, ExitReason.CANCEL, false, TaskOutcome.Cancelled.class),
                Arguments.of(false, false, ExitReason.CANCEL, false, TaskOutcome.Abandoned.class),
                Arguments.of(true, true, ExitReason.CRASH, false, TaskOutcome.Cancelled.class),
                Arguments.of(true, false, ExitReason.CRASH, true, TaskOutcome.Abandoned.class),
                Arguments.of(true, true, ExitReason.TIMEOUT, true, TaskOutcome.Abandoned.class),
                Arguments.of(false, false, ExitReason.CRASH, true, TaskOutcome.Abandoned.class));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decides(
            boolean started,
            boolean cancelled,
            ExitReason reason,
            boolean shuttingDown,
            Class<? extends TaskOutcome> expected) {
        assertThat(LostChunkOutcome.of(started, cancelled, reason, shuttingDown, T, "exit code 1"))
                .isInstanceOf(expected);
    }
}
