package org.alterna.privacy;

/**
 * The retention rule in SQL, shared by the job and by the legal-hold view. A case is <em>due</em> when its measure
 * ended (COMPLETED or REVOKED) before the cutoff {@code :purge_cutoff} and no legal hold on it is in force; a
 * position or latest state must <em>stay</em> while a device assignment of a case that is not due covers it.
 */
final class RetentionSql {
    private RetentionSql() {
    }

    /** When the measure of the order aliased {@code o} ended: its final transition (or last update). */
    static String endedAt(String o) {
        return "COALESCE((SELECT MAX(et.occurred_at) FROM order_transition et WHERE et.order_id = " + o + ".id"
                + " AND et.to_status IN ('COMPLETED', 'REVOKED')), " + o + ".updated_at)";
    }

    /** Whether a legal hold on the order aliased {@code o} is in force. */
    static String held(String o) {
        return "EXISTS (SELECT 1 FROM legal_hold lh WHERE lh.order_id = " + o + ".id AND lh.lifted_at IS NULL)";
    }

    /** The order aliased {@code o} is due for deletion. */
    static String due(String o) {
        return "(" + o + ".status IN ('COMPLETED', 'REVOKED') AND " + endedAt(o) + " < :purge_cutoff AND NOT "
                + held(o) + ")";
    }

    /** The row aliased {@code alias} (device column and time column given) is covered by a case that is not due. */
    static String keptByCase(String alias, String deviceColumn, String timeColumn) {
        String d = alias + "." + deviceColumn;
        String t = alias + "." + timeColumn;
        return "EXISTS (SELECT 1 FROM device_assignment ka JOIN judicial_order ko ON ko.id = ka.order_id"
                + " WHERE ka.device_id = " + d + " AND " + t + " >= ka.valid_from"
                + " AND (ka.valid_until IS NULL OR " + t + " < ka.valid_until) AND NOT " + due("ko") + ")";
    }

    /** A fix (aliased {@code f}) that must stay. */
    static final String KEEP_FIX = keptByCase("f", "device_id", "device_time");

    /** A latest state (aliased {@code s}) that must stay. */
    static final String KEEP_STATE = keptByCase("s", "device_id", "last_contact");
}
