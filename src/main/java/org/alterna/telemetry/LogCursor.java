package org.alterna.telemetry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How far a consumer of a log got ({@code log_cursor}, one row per consumer name): saved in the consumer's own
 * transaction together with what it made of the entries, so that after a crash it resumes exactly after the last
 * entry whose effects were committed. One writer per name.
 */
public final class LogCursor {
    private LogCursor() {
    }

    /** The saved position of {@code name}, if any. Uses the caller's transaction, if one is active. */
    public static Optional<Long> read(JdbcClient jdbc, String name) {
        return jdbc.sql("SELECT position FROM log_cursor WHERE name = ?").param(name).query(Long.class).optional();
    }

    /** Saves {@code position} for {@code name}; call inside the transaction that records the consumer's effects. */
    public static void save(JdbcClient jdbc, String name, long position, Instant now) {
        int n = jdbc.sql("UPDATE log_cursor SET position = ?, updated_at = ? WHERE name = ?")
                .params(position, Timestamp.from(now), name).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO log_cursor (name, position, updated_at) VALUES (?, ?, ?)")
                    .params(name, position, Timestamp.from(now)).update();
        }
    }
}
