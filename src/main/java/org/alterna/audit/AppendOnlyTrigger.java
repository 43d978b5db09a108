package org.alterna.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The embedded database's guard of the audit trail (on PostgreSQL a PL/pgSQL trigger does the same): an entry of
 * {@code audit_entry} is never updated or deleted, and the chain's head ({@code audit_head}) only moves forward.
 * Whoever can open the database file can also drop a trigger: the signed anchors ({@link AuditAnchors}) are what
 * catch a rewrite by such a person.
 */
public final class AppendOnlyTrigger implements Trigger {
    private String table;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) {
        this.table = tableName.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (table.equals("audit_head")) {
            if (newRow == null) {
                throw new SQLException("the audit trail's head cannot be deleted", "42501");
            }
            if (((Number) newRow[1]).longValue() < ((Number) oldRow[1]).longValue()) {
                throw new SQLException("the audit trail's head only moves forward", "42501");
            }
            return;
        }
        throw new SQLException("the audit trail is append-only: " + (newRow == null ? "DELETE" : "UPDATE")
                + " on " + table + " refused", "42501");
    }
}
