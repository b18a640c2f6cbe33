package dev.forkpool;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

// API keys are checked by dev.forkpool.security; Spring Boot's default in-memory user (and the
// password it would log) has no use here.
@SpringBootApplication(
        excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
public class ForkpoolApplication {
    /**
     * Defaults that any configuration overrides. The actuator listens on a port of its own, so the
     * API port never serves it and a firewall can keep it to the monitoring network.
     */
    static final Map<String, Object> DEFAULTS = Map.of("management.server.port", 8081);

    public static void main(String[] args) {
        // H2 keeps one process-wide array of recently made values to share equal ones, and every
        // row read writes to it: with requests on both cores that array's lines bounce between
        // them, and a profile of small jobs found 8% of the service's CPU in Value.cache. Sharing
        // equal values saves little memory here. A -Dh2.objectCache=true on the command line wins.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
        SpringApplication app = new SpringApplication(ForkpoolApplication.class);
        app.setDefaultProperties(DEFAULTS);
        app.run(args);
    }
}
