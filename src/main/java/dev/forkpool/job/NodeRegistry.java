package dev.forkpool.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The nodes sharing the store, as seen from their heartbeats in {@code fp_node}. Each node writes
 * its own row when it starts and at every lease renewal; nobody else writes it.
 */
class NodeRegistry {
    private final JdbcClient jdbc;
    private final Clock clock;

    NodeRegistry(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /** A node and its last heartbeat. */
    record NodeRow(String id, Instant startedAt, Instant heartbeatAt) {}

    /** Records that the node (re)started now. */
    void started(String node) {
        upsert(node, true);
    }

    /** Records that the node is alive now. */
    void heartbeat(String node) {
        upsert(node, false);
    }

    /**
     * UPDATE, then INSERT if no row was there: plain SQL on both databases, unlike MERGE and
     * ON CONFLICT. Only the node itself writes its row, so the insert races with nobody but an
     * earlier life of itself, and a duplicate key simply means the row is there now.
     */
    private void upsert(String node, boolean restart) {
        long now = clock.millis();
        String set = restart ? "started_at = ?, heartbeat_at = ?" : "heartbeat_at = ?";
        var update = jdbc.sql("UPDATE fp_node SET " + set + " WHERE id = ?");
        int changed = restart
                ? update.params(now, now, node).update()
                : update.params(now, node).update();
        if (changed == 0) {
            try {
                jdbc.sql("INSERT INTO fp_node (id, started_at, heartbeat_at) VALUES (?, ?, ?)")
                        .params(node, now, now)
                        .update();
            } catch (DuplicateKeyException e) {
                jdbc.sql("UPDATE fp_node SET heartbeat_at = ? WHERE id = ?")
                        .params(now, node)
                        .update();
            }
        }
    }

    /** Nodes whose last heartbeat is at most {@code within} old, by id. */
    List<NodeRow> live(Duration within) {
        return jdbc.sql("SELECT id, started_at, heartbeat_at FROM fp_node WHERE heartbeat_at >= ? ORDER BY id")
                .param(clock.millis() - within.toMillis())
                .query((rs, n) -> new NodeRow(
                        rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3))))
                .list();
    }

    /** Forgets nodes silent for longer than {@code after}. */
    int forgetSilent(Duration after) {
        return jdbc.sql("DELETE FROM fp_node WHERE heartbeat_at < ?")
                .param(clock.millis() - after.toMillis())
                .update();
    }
}
