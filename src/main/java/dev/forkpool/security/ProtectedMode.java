package dev.forkpool.security;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.Ordered;

/**
 * Redis's protected mode: with no API key configured the service listens on loopback only, so a
 * laptop's {@code ./mvnw spring-boot:run} works unchanged while nothing else on the network can
 * reach an API that lets anyone do anything. Any other address then needs
 * {@code forkpool.security.allow-anonymous=true}; asking for one without it stops the start.
 */
final class ProtectedMode implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ProtectedMode.class);

    private final boolean on;
    private final ServerProperties server;
    private final ObjectProvider<ManagementServerProperties> management;

    ProtectedMode(boolean on, ServerProperties server, ObjectProvider<ManagementServerProperties> management) {
        this.on = on;
        this.server = server;
        this.management = management;
    }

    boolean on() {
        return on;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (!on) {
            return;
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        check("server.address", server.getAddress());
        factory.setAddress(loopback);
        ManagementServerProperties m = management.getIfAvailable();
        if (m != null) {
            check("management.server.address", m.getAddress());
            m.setAddress(loopback);
        }
        log.warn(
                "Protected mode: no API key is configured, so the service listens on {} only. Configure keys"
                        + " (forkpool.security.keys[0].owner/role/hash or forkpool.security.keys-file), or set"
                        + " forkpool.security.allow-anonymous=true to listen on other addresses without keys.",
                loopback.getHostAddress());
    }

    private static void check(String property, InetAddress asked) {
        if (asked != null && !asked.isLoopbackAddress()) {
            throw new IllegalStateException(property + "=" + asked.getHostAddress()
                    + " asks to listen beyond loopback, but no API key is configured: anyone who can reach it"
                    + " could read, cancel and delete every job. Configure keys (forkpool.security.keys or"
                    + " forkpool.security.keys-file) or set forkpool.security.allow-anonymous=true.");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
