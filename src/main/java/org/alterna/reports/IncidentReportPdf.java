package org.alterna.reports;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alterna.orders.Conditions;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderView;
import org.alterna.portability.Csv;

/**
 * The incident report (informe de incidencia) of one confirmed violation: the rule, when, where (each evidence position
 * with its accuracy and source, and a map), the actions taken and the resolution.
 */
final class IncidentReportPdf {
    private IncidentReportPdf() {
    }

    static byte[] render(CaseRecords.IncidentRow row, OrderView o, String courtName, CaseRecords.AlarmRecord a,
            ConditionsVersion conditions, Texts t, Instant now, String user) {
        String header = t.t("report.incident.running", o.expediente(), o.personName(), t.type(a.type()));
        String footer = t.t("report.footer", t.dateTime(now), t.zone().getId(), user, row.id().toString().substring(0, 8));
        try (PdfComposer pdf = new PdfComposer(header, footer, (i, n) -> t.t("report.page", i, n))) {
            pdf.title(t.t("report.incident.title"));
            pdf.subtitle(t.t("report.incident.subtitle", o.expediente(), t.code(a.resolutionCode())));
            if (o.synthetic()) {
                pdf.paragraph(t.t("report.synthetic"), 9, new java.awt.Color(183, 28, 28));
            }
            pdf.heading(t.t("report.section.case"));
            pdf.fields(List.of(
                    new String[] {t.t("report.field.expediente"), o.expediente()},
                    new String[] {t.t("report.field.court"), courtName + " · " + o.courtCode()},
                    new String[] {t.t("report.field.judge"), o.judgeName() == null ? "—" : o.judgeName()},
                    new String[] {t.t("report.field.person"), o.personName()
                            + (o.personDni() == null ? "" : " · DNI " + o.personDni())},
                    new String[] {t.t("report.field.measure"), o.measureType() == null ? "—"
                            : t.t("measure." + o.measureType().name())},
                    new String[] {t.t("report.field.prosecutor"), o.prosecutor() == null ? "—" : o.prosecutor()},
                    new String[] {t.t("report.field.centre"), o.monitoringCentre() == null ? "—" : o.monitoringCentre()}),
                    9.5f);

            pdf.heading(t.t("report.incident.rule"));
            List<String[]> rule = new ArrayList<>();
            rule.add(new String[] {t.t("report.col.type"), t.type(a.type())});
            rule.add(new String[] {t.t("report.incident.severity"), t.or("alarm.severity." + a.severity(), a.severity())});
            if (a.zone() != null) {
                rule.add(new String[] {t.t("report.incident.zone"), a.zone()});
            }
            if (conditions != null) {
                String text = ruleText(conditions.conditions(), a, t);
                rule.add(new String[] {t.t("report.incident.conditions"), t.t("report.incident.conditionsValue",
                        conditions.version(), conditions.resolutionNumber(), t.date(conditions.resolutionDate()))
                        + (text == null ? "" : "\n" + text)});
            }
            if (a.deviceId() != null) {
                rule.add(new String[] {t.t("report.incident.device"), a.deviceId()});
            }
            pdf.fields(rule, 9.5f);

            pdf.heading(t.t("report.incident.when"));
            List<String[]> when = new ArrayList<>();
            when.add(new String[] {t.t("report.incident.start"), both(a.conditionStart(), t)});
            when.add(new String[] {t.t("report.incident.end"), a.conditionEnd() == null ? t.t("report.incident.ongoing")
                    : both(a.conditionEnd(), t) + " (" + t.duration(Duration.between(a.conditionStart(),
                            a.conditionEnd())) + ")"});
            when.add(new String[] {t.t("report.incident.raised"), both(a.createdAt(), t)
                    + (a.late() ? " · " + t.t("report.incident.late") : "")});
            pdf.fields(when, 9.5f);

            pdf.heading(t.t("report.incident.where"), 260 + 48); // with its map and legend
            List<MapDrawing.Marker> markers = new ArrayList<>();
            List<String[]> rows = new ArrayList<>();
            int n = 0;
            for (CaseRecords.Evidence e : a.evidence()) {
                n++;
                markers.add(new MapDrawing.Marker(Integer.toString(n), e.lon(), e.lat()));
                rows.add(new String[] {Integer.toString(n), t.dateTimeSeconds(e.time()), String.format("%.6f", e.lat()),
                        String.format("%.6f", e.lon()), e.accuracy() == null ? "—" : t.number(Math.round(e.accuracy()))
                        + " m", e.source() == null ? "—" : e.source()});
            }
            List<MapDrawing.Feature> features = new ArrayList<>();
            if (conditions != null) {
                conditions.conditions().routes().forEach(r -> features.add(new MapDrawing.Feature(null, r, true)));
                conditions.conditions().zones().forEach(z -> features.add(new MapDrawing.Feature(z, null, true)));
            }
            pdf.ensure(260 + 48); // the legend stays with its map
            float[] box = pdf.box(260);
            MapDrawing.Data map = new MapDrawing.Data(List.of(), features, markers);
            new MapDrawing(pdf).draw(box[0], box[1], box[2], box[3], map, t.t("report.map.empty"),
                    t.t("report.map.north"));
            ComplianceReportPdf.legend(pdf, t, "report.map.evidence", map);
            if (rows.isEmpty()) {
                pdf.paragraph(t.t("report.incident.noEvidence"), 9, PdfComposer.MUTED);
            } else {
                pdf.table(new float[] {0.6f, 2.4f, 1.6f, 1.6f, 1.3f, 1}, new String[] {"#", t.t("report.col.when"),
                        t.t("report.col.lat"), t.t("report.col.lon"), t.t("report.col.accuracy"),
                        t.t("report.col.source")}, rows, 8.5f);
            }

            pdf.heading(t.t("report.incident.actions"));
            List<String[]> actions = new ArrayList<>();
            for (CaseRecords.Action x : a.actions()) {
                actions.add(new String[] {t.dateTimeSeconds(x.at()), x.actor() + " (" + x.role() + ")",
                        t.or("alarm.action." + x.action(), x.action()), x.detail() == null ? "" : x.detail()});
            }
            pdf.table(new float[] {2.3f, 2.7f, 2.2f, 4.6f}, new String[] {t.t("report.col.when"), t.t("report.col.who"),
                    t.t("report.col.action"), t.t("report.col.detail")}, actions, 8.5f);
            List<String> pending = a.steps().stream().filter(s -> s.doneAt() == null).map(CaseRecords.Step::key).toList();
            if (!pending.isEmpty()) {
                pdf.paragraph(t.t("report.incident.pending", String.join(", ", pending)), 8.5f, PdfComposer.MUTED);
            }

            pdf.heading(t.t("report.incident.resolution"));
            pdf.fields(List.of(
                    new String[] {t.t("report.col.resolution"), t.code(a.resolutionCode())},
                    new String[] {t.t("report.incident.note"), a.resolutionNote() == null ? "—" : a.resolutionNote()},
                    new String[] {t.t("report.incident.resolvedBy"), (a.resolvedBy() == null ? "—" : a.resolvedBy())
                            + " · " + t.dateTimeSeconds(a.resolvedAt())},
                    new String[] {t.t("report.incident.acknowledgedBy"), (a.acknowledgedBy() == null ? "—"
                            : a.acknowledgedBy()) + " · " + t.dateTimeSeconds(a.acknowledgedAt())}), 9.5f);

            pdf.heading(t.t("report.incident.record"));
            pdf.fields(List.of(
                    new String[] {t.t("report.incident.reportId"), row.id().toString()},
                    new String[] {t.t("report.incident.alarmId"), a.id().toString()},
                    new String[] {t.t("report.incident.createdAt"), t.dateTimeSeconds(row.createdAt())},
                    new String[] {t.t("report.incident.delivery"), "SENT".equals(row.status())
                            ? t.t("report.incident.sent", t.dateTime(row.sentAt())) : t.t("report.incident.pendingDelivery")},
                    new String[] {t.t("report.incident.contentSha"),
                            Csv.sha256Hex(row.content().getBytes(StandardCharsets.UTF_8))}), 9);
            pdf.paragraph(t.t("report.incident.recordNote"), 8.5f, PdfComposer.MUTED);
            return pdf.finish(t.t("report.incident.title") + " " + o.expediente(), t.type(a.type()), "Alterna", now);
        }
    }

    private static String both(Instant at, Texts t) {
        return at == null ? "—" : t.dateTimeSeconds(at) + " (" + t.zone().getId() + ") · " + at + " UTC";
    }

    /** The condition the alarm is about, in words (the zone or route by id, else the rule's line). */
    private static String ruleText(Conditions c, CaseRecords.AlarmRecord a, Texts t) {
        for (String line : ConditionsText.describe(c, t)) {
            if (a.zone() != null && line.contains("«" + a.zone() + "»")) {
                return line;
            }
        }
        return null;
    }
}
