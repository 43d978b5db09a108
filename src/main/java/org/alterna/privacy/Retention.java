package org.alterna.privacy;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.alterna.audit.Audited;
import org.alterna.telemetry.FixPartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what the retention policy ({@link RetentionSettings}) no longer allows to keep, in this order:
 * <ol>
 * <li>whole monthly partitions of fixes (PostgreSQL) in which nothing must stay;</li>
 * <li>each case due — measure ended before the cutoff, no legal hold in force — in its own transaction, the order
 * row locked and the rule checked again inside it (a hold placed meanwhile wins): the positions and latest state of
 * its devices during their assignment, its notifications, incident reports, alarms with their evidence, history and
 * checklist, engine events, authorised absences, assignments, victim, conditions, transitions, viability reports,
 * warnings, lifted holds, the order, and the person once no other order of theirs remains;</li>
 * <li>data tied to no case, older than {@code unattached-data}.</li>
 * </ol>
 * Every run is audited ({@code retention.run}: the cutoffs, the rows deleted per table, the partitions dropped, the
 * cases kept by a hold), and every case deleted too ({@code retention.purge} on the order: rows per table). The audit
 * trail itself is not deleted: it holds identifiers, not names or positions, and its hash chain is the evidence that
 * nothing else was altered.
 */
@Service
public class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** The tables the job deletes from, in the order the run's audit entry lists them. */
    static final List<String> TABLES = List.of("fixes", "device_event", "device_state", "notification_outbox",
            "incident_report", "alarm_evidence", "alarm_history", "alarm_step", "alarm", "supervision_alarm_event",
            "supervision_checkpoint", "supervision_journal", "authorised_absence", "device_assignment", "order_victim",
            "order_conditions", "order_transition", "viability_report", "order_warning", "legal_hold", "police_authorisation",
            "police_access", "eligibility_em_request", "periodic_report", "case_document", "device_command",
            "installation_step", "installation", "device_movement", "device", "judicial_order", "person",
            "unknown_device_event");

    private final JdbcClient jdbc;
    private final FixPartitions fixes;
    private final RetentionSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    Retention(JdbcClient jdbc, FixPartitions fixes, RetentionSettings settings, Clock clock,
            ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.fixes = fixes;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /** What one run deleted. */
    public record Report(Instant ranAt, Instant measuresEndedBefore, Instant unattachedBefore,
            Map<String, Long> rowsDeleted, List<UUID> casesDeleted, List<String> partitionsDropped,
            List<UUID> casesKeptByHold) {

        long total() {
            return rowsDeleted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Due(UUID orderId, UUID personId) {
    }

    /** Runs the policy now (the scheduled job and tests call this). */
    public synchronized Report run() {
        Instant now = clock.instant();
        Instant caseCutoff = now.minus(settings.afterMeasureEnd());
        Instant looseCutoff = now.minus(settings.unattachedData());
        Map<String, Object> rule = Map.of("purge_cutoff", utc(caseCutoff));
        Map<String, Long> totals = new LinkedHashMap<>();
        TABLES.forEach(t -> totals.put(t, 0L));

        // 1. months of fixes in which nothing must stay: drop them whole
        FixPartitions.Purged dropped = fixes.dropPartitionsWithout(looseCutoff, RetentionSql.KEEP_FIX, rule);
        totals.merge("fixes", dropped.rows(), Long::sum);

        // 2. each case due, in its own transaction
        List<Due> due = jdbc.sql("SELECT o.id, o.person_id FROM judicial_order o WHERE " + RetentionSql.due("o")
                + " ORDER BY o.id").param("purge_cutoff", utc(caseCutoff))
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
        List<UUID> deleted = new ArrayList<>();
        for (Due d : due) {
            Map<String, Long> counts;
            try {
                counts = tx.execute(status -> purgeCase(d, rule));
            } catch (RuntimeException e) {
                log.error("retention: could not delete case {}; it stays until the next run", d.orderId(), e);
                continue;
            }
            if (counts == null) {
                continue; // no longer due (a hold was placed meanwhile)
            }
            counts.forEach((table, n) -> totals.merge(table, n, Long::sum));
            deleted.add(d.orderId());
            events.publishEvent(new Audited("retention.purge", "JudicialOrder", d.orderId().toString(),
                    "case deleted " + settings.afterMeasureEnd() + " after its measure ended; rows: " + describe(counts)));
        }

        // 3. data tied to no case
        Map<String, Object> none = Map.of("purge_cutoff", utc(caseCutoff));
        totals.merge("fixes", fixes.deleteOlderThan(looseCutoff, RetentionSql.KEEP_FIX, none), Long::sum);
        totals.merge("device_event", fixes.deleteEventsOlderThan(looseCutoff, RetentionSql.KEEP_FIX, none), Long::sum);
        totals.merge("device_state", fixes.deleteLatestStates(looseCutoff, RetentionSql.KEEP_STATE, none), Long::sum);
        totals.merge("notification_outbox", (long) jdbc.sql("DELETE FROM notification_outbox n WHERE n.created_at < ?"
                + " AND n.status <> 'PENDING' AND (n.alarm_id IS NULL OR NOT EXISTS (SELECT 1 FROM alarm a"
                + " WHERE a.id = n.alarm_id))").param(utc(looseCutoff)).update(), Long::sum);
        totals.merge("device_command", (long) jdbc.sql("DELETE FROM device_command WHERE order_id IS NULL AND created_at < ?")
                .param(utc(looseCutoff)).update(), Long::sum);
        totals.merge("unknown_device_event", (long) jdbc.sql("DELETE FROM unknown_device_event WHERE occurred_at < ?")
                .param(utc(looseCutoff)).update(), Long::sum);
        totals.merge("person", (long) jdbc.sql("DELETE FROM person p WHERE p.updated_at < ? AND NOT EXISTS"
                + " (SELECT 1 FROM judicial_order o WHERE o.person_id = p.id)").param(utc(looseCutoff)).update(),
                Long::sum);

        List<UUID> kept = jdbc.sql("SELECT o.id FROM judicial_order o WHERE o.status IN ('COMPLETED', 'REVOKED') AND "
                + RetentionSql.endedAt("o") + " < :purge_cutoff AND " + RetentionSql.held("o") + " ORDER BY o.id")
                .param("purge_cutoff", utc(caseCutoff)).query(UUID.class).list();
        Report report = new Report(now, caseCutoff, looseCutoff, totals, List.copyOf(deleted),
                dropped.partitionsDropped(), kept);
        events.publishEvent(new Audited("retention.run", "Retention", null, describe(report)));
        log.info("retention: {}", describe(report));
        return report;
    }

    /** Deletes one case; null if it is no longer due once its order row is locked. */
    private Map<String, Long> purgeCase(Due d, Map<String, Object> rule) {
        UUID o = d.orderId();
        if (jdbc.sql("SELECT id FROM judicial_order WHERE id = ? FOR UPDATE").param(o).query(UUID.class).optional()
                .isEmpty()) {
            return null;
        }
        JdbcClient.StatementSpec recheck = jdbc.sql("SELECT COUNT(*) FROM judicial_order o WHERE o.id = :order AND "
                + RetentionSql.due("o")).param("order", o);
        for (Map.Entry<String, Object> e : rule.entrySet()) {
            recheck = recheck.param(e.getKey(), e.getValue());
        }
        if (recheck.query(Long.class).single() == 0) {
            return null;
        }
        Instant ended = jdbc.sql("SELECT " + RetentionSql.endedAt("o") + " FROM judicial_order o WHERE o.id = ?")
                .param(o).query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
        Map<String, Long> c = new LinkedHashMap<>();
        long fixCount = 0;
        long eventCount = 0;
        long stateCount = 0;
        record Interval(String device, Instant from, Instant until) {
        }
        List<Interval> intervals = jdbc.sql("SELECT device_id, valid_from, valid_until FROM device_assignment"
                + " WHERE order_id = ?").param(o).query((rs, n) -> {
                    OffsetDateTime until = rs.getObject(3, OffsetDateTime.class);
                    return new Interval(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            until == null ? ended : until.toInstant());
                }).list();
        for (Interval i : intervals) {
            if (!i.until().isAfter(i.from())) {
                continue;
            }
            fixCount += fixes.deleteFixes(i.device(), i.from(), i.until(), RetentionSql.KEEP_FIX, rule);
            eventCount += fixes.deleteEvents(i.device(), i.from(), i.until(), RetentionSql.KEEP_FIX, rule);
            JdbcClient.StatementSpec state = jdbc.sql("DELETE FROM device_state s WHERE s.device_id = :device"
                    + " AND s.last_contact >= :from AND s.last_contact < :until AND NOT " + RetentionSql.KEEP_STATE)
                    .param("device", i.device()).param("from", utc(i.from())).param("until", utc(i.until()));
            for (Map.Entry<String, Object> e : rule.entrySet()) {
                state = state.param(e.getKey(), e.getValue());
            }
            stateCount += state.update();
        }
        c.put("fixes", fixCount);
        c.put("device_event", eventCount);
        c.put("device_state", stateCount);
        String alarms = "(SELECT a.id FROM alarm a WHERE a.order_id = :order)";
        c.put("notification_outbox", delete("DELETE FROM notification_outbox WHERE alarm_id IN " + alarms
                + " OR report_id IN (SELECT r.id FROM incident_report r WHERE r.order_id = :order)", o));
        c.put("incident_report", delete("DELETE FROM incident_report WHERE order_id = :order OR alarm_id IN " + alarms, o));
        for (String child : List.of("alarm_evidence", "alarm_history", "alarm_step")) {
            c.put(child, delete("DELETE FROM " + child + " WHERE alarm_id IN " + alarms, o));
        }
        c.put("alarm", delete("DELETE FROM alarm WHERE order_id = :order", o));
        for (String table : List.of("supervision_alarm_event", "supervision_checkpoint", "supervision_journal",
                "authorised_absence", "device_assignment",
                "order_victim", "order_conditions", "order_transition", "viability_report", "order_warning",
                "legal_hold", "police_authorisation", "police_access",
                "eligibility_em_request",
                // court reports and evidence packages of the case (a periodic report names its document)
                "periodic_report", "case_document")) {
            c.put(table, delete("DELETE FROM " + table + " WHERE order_id = :order", o));
        }
        // device commands of the case (texts to the wearer among them); its installation and checklist
        for (String table : List.of("device_command", "installation_step", "installation")) {
            c.put(table, delete("DELETE FROM " + table + " WHERE order_id = :order", o));
        }
        // the units themselves and their inventory history stay (INPE's property): only their link to the case goes
        c.put("device_movement", delete("UPDATE device_movement SET order_id = NULL WHERE order_id = :order", o));
        c.put("device", delete("UPDATE device SET order_id = NULL WHERE order_id = :order", o));
        c.put("judicial_order", delete("DELETE FROM judicial_order WHERE id = :order", o));
        c.put("person", (long) jdbc.sql("DELETE FROM person p WHERE p.id = ? AND NOT EXISTS"
                + " (SELECT 1 FROM judicial_order x WHERE x.person_id = p.id)").param(d.personId()).update());
        return c;
    }

    private long delete(String sql, UUID order) {
        return jdbc.sql(sql).param("order", order).update();
    }

    static String describe(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String describe(Report r) {
        String rows = describe(r.rowsDeleted());
        return "measures ended before " + r.measuresEndedBefore() + ", unattached data before " + r.unattachedBefore()
                + "; rows deleted: " + (rows.isEmpty() ? "none" : rows)
                + (r.partitionsDropped().isEmpty() ? "" : "; fixes partitions dropped: "
                        + String.join(" ", r.partitionsDropped()))
                + "; cases deleted: " + r.casesDeleted().size()
                + (r.casesKeptByHold().isEmpty() ? "" : "; cases kept by a legal hold: " + r.casesKeptByHold());
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
