package dev.forkpool.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.forkpool.ForkpoolApplication;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Protected mode, as Redis has it: with no API key the service (API and management port) listens
 * on loopback only; allow-anonymous or a key opens it; asking for another address without either
 * stops the start with a message that names the property.
 */
class ProtectedModeTest {
    @TempDir
    Path dataDir;

    @Test
    void withoutKeysOnlyLoopbackIsReachable() {
        InetAddress external = externalAddress();
        try (ConfigurableApplicationContext app = start()) {
            int api = port(app, "local.server.port");
            int management = port(app, "local.management.port");
            assertThat(reachable(InetAddress.getLoopbackAddress(), api)).isTrue();
            assertThat(reachable(InetAddress.getLoopbackAddress(), management)).isTrue();
            assertThat(reachable(external, api)).isFalse();
            assertThat(reachable(external, management)).isFalse();
        }
    }

    @Test
    void allowAnonymousListensEverywhere() {
        InetAddress external = externalAddress();
        try (ConfigurableApplicationContext app = start("--forkpool.security.allow-anonymous=true")) {
            assertThat(reachable(external, port(app, "local.server.port"))).isTrue();
        }
    }

    @Test
    void aKeyListensEverywhere() {
        InetAddress external = externalAddress();
        try (ConfigurableApplicationContext app = start(
                "--forkpool.security.keys[0].owner=alice",
                "--forkpool.security.keys[0].role=submitter",
                "--forkpool.security.keys[0].hash=" + Keys.hash("k"))) {
            assertThat(reachable(external, port(app, "local.server.port"))).isTrue();
        }
    }

    @Test
    void anotherAddressWithoutKeysStopsTheStart() {
        assertThatThrownBy(() -> start("--server.address=0.0.0.0").close())
                .rootCause()
                .hasMessageContaining("server.address=0.0.0.0")
                .hasMessageContaining("forkpool.security.allow-anonymous=true");
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--forkpool.pool.size=1",
                "--forkpool.data-dir=" + dataDir));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ForkpoolApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app, String property) {
        return Integer.parseInt(app.getEnvironment().getProperty(property));
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 3_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address of this machine that is not loopback; the test needs one. */
    private static InetAddress externalAddress() {
        Optional<InetAddress> found = Optional.empty();
        try {
            found = NetworkInterface.networkInterfaces()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .findFirst();
        } catch (SocketException e) {
            // none found
        }
        assumeTrue(found.isPresent(), "this machine has no non-loopback IPv4 address");
        return found.get();
    }
}
