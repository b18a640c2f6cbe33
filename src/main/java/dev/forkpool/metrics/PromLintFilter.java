package dev.forkpool.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;

/**
 * Keeps {@code /actuator/prometheus} clean for {@code promtool check metrics}: drops the few
 * framework meters whose names break Prometheus conventions, and gives every meter a HELP text.
 * Nothing dropped is lost: per-core CPU, worker CPU and process CPU usage cover the same ground.
 */
final class PromLintFilter implements MeterFilter {
    /**
     * {@code jvm_compilation_time_ms_total} and {@code process_cpu_time_ns_total} carry abbreviated
     * units; {@code system_cpu_count} is a gauge ending in {@code _count}; the Tomcat session meters
     * describe HTTP sessions, which a stateless API never creates. Spring Security's filter chain
     * observations are named after filter classes in camel case
     * ({@code spring_security_filterchains_AuthenticationFilter_after_total}); the HTTP server
     * meters count the same requests.
     */
    private static final Set<String> DROPPED = Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return DROPPED.contains(id.getName())
                        || id.getName().startsWith("tomcat.sessions")
                        || id.getName().startsWith("spring.security.")
                ? MeterFilterReply.DENY
                : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getDescription() != null && !id.getDescription().isBlank()) {
            return id;
        }
        String help = id.getName().startsWith("http.server.requests")
                ? "HTTP requests served, by method, URI template, status and outcome"
                : "Spring Boot meter " + id.getName();
        return new Meter.Id(
                id.getName(),
                io.micrometer.core.instrument.Tags.of(id.getTags()),
                id.getBaseUnit(),
                help,
                id.getType());
    }
}
