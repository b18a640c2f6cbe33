package dev.forkpool.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PromLintFilterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    PromLintFilterTest() {
        registry.config().meterFilter(new PromLintFilter());
    }

    @Test
    void metersWhoseNamesBreakPrometheusConventionsAreDropped() {
        Counter.builder("jvm.compilation.time").baseUnit("ms").register(registry);
        Counter.builder("process.cpu.time").baseUnit("ns").register(registry);
        Gauge.builder("system.cpu.count", () -> 2).register(registry);
        Gauge.builder("tomcat.sessions.active.max", () -> 0).register(registry);
        Counter.builder("spring.security.filterchains.AuthenticationFilter.after")
                .register(registry);
        Counter.builder("forkpool.jobs.submitted").register(registry);

        assertThat(registry.getMeters())
                .extracting(m -> m.getId().getName())
                .containsExactly("forkpool.jobs.submitted");
    }

    @Test
    void everyMeterGetsAHelpTextAndKeepsItsOwn() {
        Counter.builder("http.server.requests").register(registry);
        Counter.builder("forkpool.jobs.finished").description("Jobs finished").register(registry);

        assertThat(registry.get("http.server.requests").counter().getId().getDescription())
                .startsWith("HTTP requests");
        assertThat(registry.get("forkpool.jobs.finished").counter().getId().getDescription())
                .isEqualTo("Jobs finished");
    }
}
