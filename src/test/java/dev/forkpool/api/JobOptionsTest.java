package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobOptionsTest {

    @Test
    void timeoutIsAnIsoDurationOrSeconds() {
        assertThat(JobController.timeout(null)).isNull();
        assertThat(JobController.timeout("PT1S")).isEqualTo(Duration.ofSeconds(1));
        assertThat(JobController.timeout("pt2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(JobController.timeout("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(JobController.timeout("1.5")).isEqualTo(Duration.ofMillis(1500));
        // Negative values parse; the service refuses them with the limits.
        assertThat(JobController.timeout("-1")).isEqualTo(Duration.ofSeconds(-1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "P", "PTxS", "1s", "", "999999999999"})
    void aBadTimeoutIsAnInvalidOption(String value) {
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> JobController.timeout(value));

        assertThat(p).isNotNull();
        assertThat(p.type).isEqualTo(ProblemType.INVALID_OPTION);
        assertThat(p.getMessage()).startsWith("timeout");
    }
}
