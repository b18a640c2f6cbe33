package dev.forkpool.job;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes a commit durable before its caller goes on, so a 202 means the job is in the store.
 *
 * <p>H2 by default keeps a committed transaction in memory for up to half a second (its write
 * delay) before it reaches the file; a kill -9 in that window lost accepted jobs. With the write
 * delay at 0, H2 writes the store at every commit, so a committed transaction survives a process
 * kill. H2 does not fsync at commit, so after a power loss the last commits may be missing (the
 * file stays consistent). This runs at start whatever the datasource URL says, so a custom URL
 * cannot turn durability off by leaving the setting out.
 *
 * <p>PostgreSQL is durable at commit unless {@code synchronous_commit} is off; that is the
 * server's choice, so this only warns.
 */
final class StoreDurability {
    private static final Logger log = LoggerFactory.getLogger(StoreDurability.class);

    private StoreDurability() {}

    static void apply(DataSource dataSource, SqlDialect dialect) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        switch (dialect) {
            case H2 -> jdbc.sql("SET WRITE_DELAY 0").update();
            case POSTGRESQL -> {
                String setting =
                        jdbc.sql("SHOW synchronous_commit").query(String.class).single();
                if ("off".equalsIgnoreCase(setting)) {
                    log.warn("PostgreSQL has synchronous_commit=off: a job answered 202 may be lost if the"
                            + " database server crashes; turn it on for durable submits");
                }
            }
        }
    }
}
