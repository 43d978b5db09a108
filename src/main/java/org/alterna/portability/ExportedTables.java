package org.alterna.portability;

import java.util.List;
import java.util.Map;

/**
 * The tables of a full export, parents before children: the order in which an import inserts them, so that every
 * foreign key finds its row. Columns are not listed: they are read from the database's own metadata, so a column added
 * by a later migration travels without a change here. A table added by a later migration needs one line, in
 * {@link #TABLES} or, with the reason, in {@link #LEFT_OUT} ({@code InstallationRoundTripTest} fails until it has
 * one).
 */
public final class ExportedTables {
    private ExportedTables() {
    }

    public static final List<String> TABLES = List.of(
            // accounts and reference data
            "app_user", "penal_centre", "court", "judge", "person",
            // judicial orders with every variation, transition, viability report, warning and authorised absence
            "judicial_order", "order_victim", "order_conditions", "order_transition", "viability_report",
            "order_warning", "authorised_absence",
            // legal holds, the police's authorisations to follow a case and every look of a police account at one
            "legal_hold", "police_authorisation", "police_access",
            // devices, their assignments, every stored position and the latest state of each device
            "device", "device_assignment", "fixes", "device_event", "device_state",
            // the inventory: every movement of a unit, and each installation at a home with its steps
            "device_movement", "installation", "installation_step",
            // what the supervision engine raised, the alarm desk's tickets with their history and incident reports
            "supervision_alarm_event", "alarm", "alarm_evidence", "alarm_history", "alarm_step", "incident_report",
            "notification_rule",
            // commands sent to devices (locate now, and the like), with the order or alarm they served
            "device_command",
            // how far each consumer of the record log got, and the supervision engine's memory of each order, so that
            // the new installation neither evaluates a stored position twice nor forgets an open condition
            "log_cursor", "supervision_checkpoint", "supervision_journal",
            // eligibility triage: the rule sets as loaded, the prison register, its re-evaluations and EM requests
            "eligibility_rule_set", "register_person", "eligibility_run", "eligibility_change",
            "eligibility_em_request",
            // reports and evidence packages handed to courts, and their schedule
            "court_report_schedule", "case_document", "periodic_report",
            // the audit trail, last: its hash chain is copied entry for entry and still verifies
            "audit_entry");

    /**
     * Database sequences not owned by an identity column, each with the column it numbers: after an import each restarts
     * after the largest imported value. (Identity columns are found in the metadata and need no line.)
     */
    public static final List<Sequence> SEQUENCES = List.of();

    /** A sequence that numbers {@code table.column}. */
    public record Sequence(String name, String table, String column) {
    }

    /**
     * Tables that H2 and PostgreSQL define differently, with the key and column order the export uses for both, so
     * that the same data gives the same file: H2 rebuilt {@code fixes} around the record log's number ({@code seq}, its
     * first column and key), PostgreSQL appended {@code seq} and keeps its natural key.
     */
    public static final Map<String, Canonical> CANONICAL = Map.of(
            "fixes", new Canonical(List.of("device_id", "device_time", "latitude", "longitude"), List.of("seq")));

    /** A table's export key (rows in this order) and the columns written last. */
    public record Canonical(List<String> key, List<String> lastColumns) {
    }

    /**
     * Tables to which a new installation's own migrations write rows (a consumer's starting cursor): an import replaces
     * those rows with the exported ones instead of refusing the target as not empty.
     */
    public static final java.util.Set<String> SEEDED_BY_MIGRATIONS = java.util.Set.of("log_cursor");

    /** Tables deliberately not exported, with the reason. */
    public static final Map<String, String> LEFT_OUT = Map.of(
            "audit_head", "the audit chain's head (last sequence number and hash): an import sets it from the imported "
                    + "entries, so that the next entry continues the chain",
            "flyway_schema_history", "the schema's own history: the target installation migrates itself",
            "api_token", "credentials of scripts of the old installation: the new one issues its own",
            "notification_outbox", "messages queued for delivery by the old installation (they may hold webhook "
                    + "secrets); what was sent is in the alarm history and the audit trail",
            "unknown_device_event", "connections refused from unregistered devices: gateway noise, not case data",
            "scaleout_offset", "how far the old installation's nodes read their Kafka topics: the new one has its own",
            "scaleout_lock", "a row that serialises the old installation's writers: the new one's migrations seed it");
}
