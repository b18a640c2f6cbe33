package dev.forkpool.job;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the test PostgreSQL, dropped on close, so test classes never see each other's
 * rows. Without PostgreSQL the tests are skipped locally, but fail in CI ({@code CI=true}), where
 * PostgreSQL must be up.
 */
final class PostgresSchema implements AutoCloseable {
    static final String URL = env("FORKPOOL_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("FORKPOOL_TEST_PG_USER", "postgres");
    static final String PASSWORD = env("FORKPOOL_TEST_PG_PASSWORD", "");

    final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    /** Creates a schema {@code fp_test_<random>}; skips or fails the test if PostgreSQL is not there. */
    static PostgresSchema create() {
        String name = "fp_test_" + HexFormat.of().formatHex(randomBytes());
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + "; CI=true, so the PostgreSQL tests must run: start PostgreSQL first");
            }
            Assumptions.abort(why + "; skipping the PostgreSQL tests (in CI, with CI=true, this fails instead)."
                    + " Start it with: pg_ctlcluster --skip-systemctl-redirect <version> main start");
        }
        return new PostgresSchema(name);
    }

    /** The JDBC URL with this schema as the current one, for a DataSource or a whole node. */
    String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() {
        try (Connection c = connect()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + name, e);
        }
    }

    private static Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
