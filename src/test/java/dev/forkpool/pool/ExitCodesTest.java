package dev.forkpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void aSigkillNobodyAskedForHintsAtMemoryOneThePoolSentDoesNot() {
        assertThat(ExitCodes.describe(137)).contains("SIGKILL").contains("out of memory");
        assertThat(ExitCodes.describe(137, true))
                .isEqualTo("killed by SIGKILL (exit code 137)")
                .doesNotContain("memory");
    }

    @Test
    void otherExitsReadTheSameEitherWay() {
        assertThat(ExitCodes.describe(143, true))
                .isEqualTo(ExitCodes.describe(143))
                .contains("SIGTERM");
        assertThat(ExitCodes.describe(13, true)).isEqualTo("exit code 13");
    }
}
