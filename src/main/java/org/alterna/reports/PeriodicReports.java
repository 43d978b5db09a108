package org.alterna.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.alterna.alarms.NotificationQueue;
import org.alterna.common.LocalTime;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.identity.UserAccounts;
import org.alterna.orders.OrderView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Periodic compliance reports to the courts: once a court's period (monthly by default, see {@link CourtSchedules}) has
 * ended, every order of the court that was monitored in it gets its compliance report and evidence package, and an
 * e-mail to the court's judges (and the schedule's extra addresses) is queued in the notification outbox with the link
 * to download it and its hashes. One report per order and period ({@code periodic_report}), even across restarts or
 * several instances.
 */
@Service
class PeriodicReports {
    private static final Logger log = LoggerFactory.getLogger(PeriodicReports.class);

    private final CourtSchedules schedules;
    private final ReportService reports;
    private final CaseRecords records;
    private final JdbcClient jdbc;
    private final NotificationQueue queue;
    private final UserAccounts accounts;
    private final MessageSource messages;
    private final LocalTime localTime;
    private final Clock clock;

    PeriodicReports(CourtSchedules schedules, ReportService reports, CaseRecords records, JdbcClient jdbc,
            NotificationQueue queue, UserAccounts accounts, MessageSource messages, LocalTime localTime, Clock clock) {
        this.schedules = schedules;
        this.reports = reports;
        this.records = records;
        this.jdbc = jdbc;
        this.queue = queue;
        this.accounts = accounts;
        this.messages = messages;
        this.localTime = localTime;
        this.clock = clock;
    }

    /** A report made by a run. */
    record Made(UUID orderId, String court, UUID documentId, int recipients) {
    }

    /** Makes the reports of every court's last finished period that are not made yet. */
    List<Made> run() {
        LocalDate today = LocalDate.now(clock.withZone(localTime.zone()));
        List<Made> made = new java.util.ArrayList<>();
        for (String court : schedules.courts()) {
            CourtSchedules.Schedule s = schedules.schedule(court);
            CourtSchedules.lastFinished(s.frequency(), today).ifPresent(p -> made.addAll(run(s, p)));
        }
        return made;
    }

    List<Made> run(CourtSchedules.Schedule s, CourtSchedules.Period p) {
        Instant from = p.from().atStartOfDay(localTime.zone()).toInstant();
        Instant to = p.to().atStartOfDay(localTime.zone()).toInstant();
        List<UUID> orders = jdbc.sql("""
                SELECT DISTINCT o.id FROM judicial_order o JOIN order_transition t ON t.order_id = o.id
                WHERE o.court_code = :court AND t.to_status = 'ACTIVE' AND t.occurred_at < :to
                AND NOT EXISTS (SELECT 1 FROM order_transition f WHERE f.order_id = o.id
                    AND f.to_status IN ('COMPLETED', 'REVOKED') AND f.occurred_at < :from)
                AND NOT EXISTS (SELECT 1 FROM periodic_report r WHERE r.order_id = o.id AND r.period_from = :from
                    AND r.period_to = :to)""")
                .param("court", s.courtCode()).param("from", CaseRecords.ts(from)).param("to", CaseRecords.ts(to))
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
        List<Made> made = new java.util.ArrayList<>();
        Locale language = Texts.language(s.language());
        Texts t = new Texts(messages, language, localTime.zone());
        Set<String> recipients = new LinkedHashSet<>();
        accounts.withRole(Role.JUDGE).stream().filter(u -> s.courtCode().equals(u.courtCode()) && u.enabled()
                && u.email() != null && !u.email().isBlank()).forEach(u -> recipients.add(u.email()));
        recipients.addAll(s.addresses());
        for (UUID id : orders) {
            try {
                ReportService.Made m = reports.compliance(id, from, to, language, Actor.SYSTEM, true, null, done -> {
                    jdbc.sql("INSERT INTO periodic_report (order_id, period_from, period_to, court_code, document_id, "
                            + "recipients, created_at) VALUES (?,?,?,?,?,?,?)").params(id, CaseRecords.ts(from),
                            CaseRecords.ts(to), s.courtCode(), done.report().id(), recipients.size(),
                            CaseRecords.ts(clock.instant())).update();
                    OrderView order = records.order(id).orElseThrow();
                    String period = t.date(p.from()) + " – " + t.date(p.to().minusDays(1));
                    String link = reports.base(null) + "/console/orders/" + id;
                    for (String to2 : recipients) {
                        queue.courtReportEmail(to2, t.t("report.periodic.subject", order.expediente(), period),
                                t.t("report.periodic.body", records.courtName(s.courtCode()), order.expediente(),
                                        order.personName(), period, link, done.report().fileName(),
                                        done.report().sha256(), done.evidence().manifestSha256(),
                                        done.evidence().keyId()));
                    }
                });
                made.add(new Made(id, s.courtCode(), m.report().id(), recipients.size()));
            } catch (DuplicateKeyException another) {
                log.info("Periodic report of order {} for {} already made by another instance", id, p);
            } catch (RuntimeException e) {
                log.error("Periodic report of order {} for {} failed: {}", id, p, e.getMessage(), e);
            }
        }
        if (!made.isEmpty()) {
            log.info("Periodic reports for court {} ({} to {}): {} made, {} recipient(s) each", s.courtCode(),
                    p.from(), p.to(), made.size(), recipients.size());
        }
        return made;
    }
}
