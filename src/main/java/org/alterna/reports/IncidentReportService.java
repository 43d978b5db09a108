package org.alterna.reports;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.LocalTime;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Renders the incident report (informe de incidencia) of a confirmed violation — kept by the alarm desk as JSON when the
 * operator resolved the alarm — as a PDF for the court and the prosecutor, with the alarm's actions and a map of its
 * evidence positions. The PDF is drawn from what is stored, so it can be downloaded again at any time; each download
 * is audited.
 */
@Service
class IncidentReportService {
    private final CaseRecords records;
    private final Orders orders;
    private final OrderScope scope;
    private final MessageSource messages;
    private final LocalTime localTime;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    IncidentReportService(CaseRecords records, Orders orders, OrderScope scope, MessageSource messages,
            LocalTime localTime, Clock clock, ApplicationEventPublisher events) {
        this.records = records;
        this.orders = orders;
        this.scope = scope;
        this.messages = messages;
        this.localTime = localTime;
        this.clock = clock;
        this.events = events;
    }

    record Rendered(byte[] pdf, String fileName) {
    }

    @Transactional(readOnly = true)
    Rendered pdf(UUID reportId, Locale language, Actor actor) {
        CaseRecords.IncidentRow row = records.incident(reportId)
                .filter(r -> scope.canSee(actor, r.orderId()))
                .orElseThrow(() -> new NotFoundException("no incident report " + reportId));
        OrderView order = orders.find(row.orderId()).orElseThrow(() -> new NotFoundException("no incident report "
                + reportId));
        CaseRecords.AlarmRecord alarm = records.alarm(row.alarmId()).orElseThrow(() -> new NotFoundException(
                "no incident report " + reportId));
        ConditionsVersion conditions = orders.versions(order.id()).stream()
                .filter(v -> !v.effectiveFrom().isAfter(alarm.conditionStart()))
                .reduce((a, b) -> b).orElse(null);
        Instant now = clock.instant();
        Texts t = new Texts(messages, language, localTime.zone());
        byte[] pdf = IncidentReportPdf.render(row, order, records.courtName(order.courtCode()), alarm, conditions, t,
                now, actor.username());
        events.publishEvent(new Audited("incident-report.download", "IncidentReport", reportId.toString(),
                "PDF, order " + order.id()));
        String name = (language.getLanguage().equals("en") ? "incident-report-" : "informe-incidencia-")
                + order.expediente().replaceAll("[^A-Za-z0-9-]", "-") + "-" + reportId.toString().substring(0, 8)
                + ".pdf";
        return new Rendered(pdf, name);
    }
}
