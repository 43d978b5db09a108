package org.alterna.reports;

import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.devices.Assignment;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderView;

/**
 * The compliance report (informe de cumplimiento) of an order for a period, for the court: the case and its
 * conditions with every variation, the figures of the period, a map drawn by Alterna, the incidents with every
 * operator action, and how to verify the evidence package it was made with.
 */
final class ComplianceReportPdf {
    private ComplianceReportPdf() {
    }

    /** What the verification block prints. */
    record Verification(String packageFile, String packageSha256, String manifestSha256, String signatureBase64,
            String keyId, String keyFingerprint, String publicKeyPem, String verifyUrl, String keyUrl) {
    }

    static byte[] render(CaseRecords.Case c, ComplianceFigures.Figures f, MapDrawing.Data map, Verification v,
            Texts t, Instant createdAt, String createdBy, String reportId, boolean periodic) {
        OrderView o = c.order();
        String period = t.dateTime(c.from()) + " – " + t.dateTime(c.to());
        String header = t.t("report.compliance.running", o.expediente(), o.personName(), period);
        String footer = t.t("report.footer", t.dateTime(createdAt), t.zone().getId(), createdBy, reportId);
        try (PdfComposer pdf = new PdfComposer(header, footer, (i, n) -> t.t("report.page", i, n))) {
            pdf.title(t.t(periodic ? "report.compliance.titlePeriodic" : "report.compliance.title"));
            pdf.subtitle(t.t("report.compliance.subtitle", o.expediente(), period, t.zone().getId()));
            if (o.synthetic()) {
                pdf.paragraph(t.t("report.synthetic"), 9, new Color(183, 28, 28));
            }

            // ---------------------------------------------------------------- the case
            pdf.heading(t.t("report.section.case"));
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {t.t("report.field.expediente"), o.expediente()});
            fields.add(new String[] {t.t("report.field.court"), join(" · ", c.courtName(), o.courtCode(),
                    c.judicialDistrict())});
            fields.add(new String[] {t.t("report.field.judge"), o.judgeName() == null ? "—" : o.judgeName()});
            fields.add(new String[] {t.t("report.field.person"), o.personName()
                    + (o.personDni() == null ? "" : " · DNI " + o.personDni())});
            fields.add(new String[] {t.t("report.field.measure"), o.measureType() == null ? "—"
                    : t.t("measure." + o.measureType().name())});
            fields.add(new String[] {t.t("report.field.resolution"), o.resolutionNumber() == null ? "—"
                    : o.resolutionNumber() + " · " + t.date(o.resolutionDate())});
            fields.add(new String[] {t.t("report.field.term"), t.date(o.startDate()) + " – "
                    + (o.endDate() == null ? t.t("report.openEnded") : t.date(o.endDate()))});
            fields.add(new String[] {t.t("report.field.status"), t.t("order.status." + o.status().name())});
            fields.add(new String[] {t.t("report.field.centre"), o.monitoringCentre() == null ? "—"
                    : o.monitoringCentre()});
            fields.add(new String[] {t.t("report.field.prosecutor"), o.prosecutor() == null ? "—" : o.prosecutor()});
            List<String> devices = new ArrayList<>();
            for (Assignment a : c.assignments()) {
                devices.add(t.t("report.device", a.deviceId(), t.t("report.role." + a.role().name()),
                        t.dateTime(a.from()), a.until() == null ? t.t("report.openEnded") : t.dateTime(a.until())));
            }
            fields.add(new String[] {t.t("report.field.devices"), devices.isEmpty() ? t.t("report.none")
                    : String.join("\n", devices)});
            fields.add(new String[] {t.t("report.field.period"), period + " (" + t.zone().getId() + ")"});
            pdf.fields(fields, 9.5f);

            // ---------------------------------------------------------------- conditions
            pdf.heading(t.t("report.section.conditions"));
            ConditionsVersion inForce = inForceAt(c.versions(), c.to());
            if (c.versions().isEmpty()) {
                pdf.paragraph(t.t("report.cond.noVersions"), 9.5f, PdfComposer.MUTED);
            }
            for (ConditionsVersion cv : c.versions()) {
                pdf.subheading(t.t(cv.version() == 1 ? "report.cond.versionFirst" : "report.cond.version",
                        cv.version(), cv.resolutionNumber(), t.date(cv.resolutionDate()), t.dateTime(cv.effectiveFrom()))
                        + (cv == inForce ? " · " + t.t("report.cond.inForce") : ""));
                for (String line : ConditionsText.describe(cv.conditions(), t)) {
                    pdf.paragraph("• " + line, 9, PdfComposer.INK, PdfComposer.MARGIN + 8, PdfComposer.width() - 8);
                }
            }
            List<String[]> absences = new ArrayList<>();
            for (CaseRecords.Absence a : c.absences()) {
                if (a.to().isAfter(c.from()) && a.from().isBefore(c.to())) {
                    absences.add(new String[] {t.dateTime(a.from()) + " – " + t.dateTime(a.to()), types(a.types(), t),
                            a.reason(), a.by()});
                }
            }
            if (!absences.isEmpty()) {
                pdf.subheading(t.t("report.absences"));
                pdf.table(new float[] {3, 3, 4, 1.5f}, new String[] {t.t("report.col.when"), t.t("report.col.types"),
                        t.t("report.col.reason"), t.t("report.col.by")}, absences, 8.5f);
            }

            // ---------------------------------------------------------------- figures
            pdf.heading(t.t("report.section.summary"));
            List<String[]> sum = new ArrayList<>();
            sum.add(new String[] {t.t("report.sum.monitored"), t.t("report.sum.monitoredValue",
                    t.decimal(f.days(), 1), t.duration(f.monitored()))});
            sum.add(new String[] {t.t("report.sum.compliant"), t.percent(f.compliantShare()) + "  "
                    + t.t("report.sum.compliantDetail", t.duration(f.confirmedBreach()),
                            t.duration(f.unresolvedBreach()))});
            long gps = f.fixesBySource().getOrDefault("GPS", 0L);
            sum.add(new String[] {t.t("report.sum.fixes"), f.fixes() == 0 ? t.t("report.sum.noFixes")
                    : t.t("report.sum.fixesValue", t.number(f.fixes()), t.percent((double) f.validFixes() / f.fixes()),
                            t.percent((double) gps / f.fixes()), sources(f.fixesBySource(), f.fixes(), t),
                            f.medianAccuracy() == null ? "—" : t.number(Math.round(f.medianAccuracy())) + " m")});
            long total = f.alarmsByType().values().stream().mapToLong(Long::longValue).sum();
            long confirmed = f.confirmedByType().values().stream().mapToLong(Long::longValue).sum();
            sum.add(new String[] {t.t("report.sum.alarms"), t.t("report.sum.alarmsValue", t.number(total),
                    t.number(confirmed), t.number(f.unresolvedAlarms()))});
            sum.add(new String[] {t.t("report.sum.warnings"), t.number(f.warnings())});
            pdf.fields(sum, 9.5f);

            pdf.subheading(t.t("report.sum.byType"));
            List<String[]> byType = new ArrayList<>();
            f.alarmsByType().forEach((type, n) -> byType.add(new String[] {t.type(type), t.number(n),
                    t.number(f.confirmedByType().getOrDefault(type, 0L))}));
            if (byType.isEmpty()) {
                pdf.paragraph(t.t("report.noAlarms"), 9, PdfComposer.MUTED);
            } else {
                pdf.table(new float[] {5, 2, 2.5f}, new String[] {t.t("report.col.type"), t.t("report.col.alarms"),
                        t.t("report.col.confirmed")}, byType, 9);
            }
            pdf.subheading(t.t("report.sum.byResolution"));
            List<String[]> byCode = new ArrayList<>();
            f.alarmsByResolution().forEach((code, n) -> byCode.add(new String[] {t.code(code), t.number(n)}));
            if (f.unresolvedAlarms() > 0) {
                byCode.add(new String[] {t.code(null), t.number(f.unresolvedAlarms())});
            }
            if (byCode.isEmpty()) {
                pdf.paragraph(t.t("report.noAlarms"), 9, PdfComposer.MUTED);
            } else {
                pdf.table(new float[] {5, 2}, new String[] {t.t("report.col.resolution"), t.t("report.col.alarms")},
                        byCode, 9);
            }
            pdf.subheading(t.t("report.sum.gaps"));
            pdf.fields(List.of(
                    new String[] {t.t("report.sum.commGaps", f.communicationLimitMinutes()), gaps(f.communicationGaps(), t)},
                    new String[] {t.t("report.sum.noFixGaps", f.noFixLimitMinutes()), gaps(f.noFixGaps(), t)}), 9.5f);
            pdf.subheading(t.t("report.sum.battery"));
            List<String> batteryAlarms = new ArrayList<>();
            f.batteryAlarms().forEach((type, n) -> batteryAlarms.add(t.type(type) + ": " + n));
            pdf.fields(List.of(
                    new String[] {t.t("report.sum.lowEpisodes", f.lowBatteryPercent()), t.number(f.lowBatteryEpisodes())},
                    new String[] {t.t("report.sum.minBattery"), f.minBattery() == null ? "—"
                            : f.minBattery() + " % (" + t.dateTime(f.minBatteryAt()) + ")"},
                    new String[] {t.t("report.sum.charging"), t.number(f.chargingSessions())},
                    new String[] {t.t("report.sum.batteryAlarms"), batteryAlarms.isEmpty() ? t.t("report.none")
                            : String.join("; ", batteryAlarms)},
                    new String[] {t.t("report.sum.strap"), t.number(f.strapOpenings())},
                    new String[] {t.t("report.sum.powerCuts"), t.number(f.powerCuts())}), 9.5f);

            // ---------------------------------------------------------------- map
            pdf.heading(t.t("report.section.map"), 330 + 48); // with its map and legend
            pdf.ensure(330 + 48); // the legend stays with its map
            float[] box = pdf.box(330);
            new MapDrawing(pdf).draw(box[0], box[1], box[2], box[3], map, t.t("report.map.empty"), t.t("report.map.north"));
            legend(pdf, t, "report.map.breach", map);

            // ---------------------------------------------------------------- incidents
            pdf.heading(t.t("report.section.timeline"));
            if (c.alarms().isEmpty()) {
                pdf.paragraph(t.t("report.noAlarms"), 9.5f, PdfComposer.MUTED);
            }
            int i = 0;
            for (CaseRecords.AlarmRecord a : c.alarms()) {
                i++;
                incident(pdf, t, i, a);
            }
            List<String[]> events = caseEvents(c, t);
            if (!events.isEmpty()) {
                pdf.subheading(t.t("report.caseEvents"));
                pdf.table(new float[] {2.2f, 3, 6}, new String[] {t.t("report.col.when"), t.t("report.col.event"),
                        t.t("report.col.detail")}, events, 8.5f);
            }

            // ---------------------------------------------------------------- verification
            pdf.heading(t.t("report.section.verification"));
            pdf.paragraph(t.t("report.verify.intro"), 9.5f, PdfComposer.INK);
            pdf.fields(List.of(
                    new String[] {t.t("report.verify.package"), v.packageFile()},
                    new String[] {t.t("report.verify.packageSha"), v.packageSha256()},
                    new String[] {t.t("report.verify.manifestSha"), v.manifestSha256()},
                    new String[] {t.t("report.verify.keyId"), v.keyId()},
                    new String[] {t.t("report.verify.fingerprint"), v.keyFingerprint()}), 9);
            pdf.subheading(t.t("report.verify.signature"));
            pdf.code(v.signatureBase64(), 8);
            pdf.subheading(t.t("report.verify.publicKey"));
            pdf.code(v.publicKeyPem().strip(), 8);
            pdf.subheading(t.t("report.verify.how"));
            pdf.paragraph(t.t("report.verify.step1", v.keyUrl()), 9, PdfComposer.INK);
            pdf.paragraph(t.t("report.verify.step2"), 9, PdfComposer.INK);
            pdf.code("alterna verify " + v.packageFile() + " --key installation-key.pem", 8.5f);
            pdf.paragraph(t.t("report.verify.step3", v.verifyUrl()), 9, PdfComposer.INK);
            pdf.paragraph(t.t("report.verify.step4"), 9, PdfComposer.INK);
            pdf.code("openssl pkeyutl -verify -pubin -inkey installation-key.pem -rawin -in manifest.json "
                    + "-sigfile manifest.sig", 8.5f);

            pdf.heading(t.t("report.section.method"));
            for (String key : new String[] {"report.method.monitored", "report.method.compliant",
                    "report.method.gaps", "report.method.battery", "report.method.sources"}) {
                pdf.paragraph(t.t(key), 8.5f, PdfComposer.MUTED);
            }
            return pdf.finish(t.t("report.compliance.title") + " " + o.expediente(), period, "Alterna", createdAt);
        }
    }

    static void incident(PdfComposer pdf, Texts t, int number, CaseRecords.AlarmRecord a) {
        String zone = a.zone() == null ? "" : " «" + a.zone() + "»";
        pdf.subheading(t.t("report.incident.heading", number, t.type(a.type()) + zone,
                t.or("alarm.severity." + a.severity(), a.severity()), t.code(a.resolutionCode())));
        Duration length = a.conditionEnd() == null ? null : Duration.between(a.conditionStart(), a.conditionEnd());
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {t.t("report.incident.condition"), a.conditionEnd() == null
                ? t.t("report.incident.since", t.dateTimeSeconds(a.conditionStart()))
                : t.t("report.incident.between", t.dateTimeSeconds(a.conditionStart()),
                        t.dateTimeSeconds(a.conditionEnd()), t.duration(length))});
        f.add(new String[] {t.t("report.incident.raised"), t.dateTimeSeconds(a.createdAt())
                + (a.late() ? " · " + t.t("report.incident.late") : "")
                + (a.flaps() > 0 ? " · " + t.t("report.incident.flaps", a.flaps()) : "")});
        if (a.deviceId() != null) {
            f.add(new String[] {t.t("report.incident.device"), a.deviceId()});
        }
        if (!a.evidence().isEmpty()) {
            CaseRecords.Evidence e = a.evidence().get(0);
            f.add(new String[] {t.t("report.incident.evidence"), t.t("report.incident.evidenceValue",
                    a.evidence().size(), t.dateTimeSeconds(e.time()), String.format("%.5f, %.5f", e.lat(), e.lon()),
                    e.accuracy() == null ? "—" : t.number(Math.round(e.accuracy())) + " m",
                    e.source() == null ? "—" : e.source())});
        }
        if (a.resolvedAt() != null) {
            f.add(new String[] {t.t("report.incident.resolution"), t.code(a.resolutionCode()) + " — "
                    + (a.resolutionNote() == null ? "" : a.resolutionNote()) + " (" + a.resolvedBy() + ", "
                    + t.dateTime(a.resolvedAt()) + ")"});
        }
        pdf.fields(f, 9);
        List<String[]> rows = new ArrayList<>();
        for (CaseRecords.Action x : a.actions()) {
            rows.add(new String[] {t.dateTimeSeconds(x.at()), x.actor() + " (" + x.role() + ")",
                    t.or("alarm.action." + x.action(), x.action()), x.detail() == null ? "" : x.detail()});
        }
        List<String> pending = a.steps().stream().filter(s -> s.doneAt() == null).map(CaseRecords.Step::key).toList();
        if (!rows.isEmpty()) {
            pdf.table(new float[] {2.3f, 2.7f, 2.2f, 4.6f}, new String[] {t.t("report.col.when"), t.t("report.col.who"),
                    t.t("report.col.action"), t.t("report.col.detail")}, rows, 8);
        }
        if (!pending.isEmpty()) {
            pdf.paragraph(t.t("report.incident.pending", String.join(", ", pending)), 8.5f, PdfComposer.MUTED);
        }
        pdf.space(4);
    }

    private static List<String[]> caseEvents(CaseRecords.Case c, Texts t) {
        List<Object[]> events = new ArrayList<>();
        for (CaseRecords.Transition x : c.transitions()) {
            events.add(new Object[] {x.at(), t.t("report.event.transition"), (x.from() == null ? "—"
                    : t.t("order.status." + x.from().name())) + " → " + t.t("order.status." + x.to().name())
                    + (x.resolutionNumber() == null ? "" : " · " + x.resolutionNumber())
                    + (x.note() == null ? "" : " · " + x.note()) + " (" + x.by() + ")"});
        }
        for (ConditionsVersion v : c.versions()) {
            events.add(new Object[] {v.createdAt(), t.t("report.event.variation"), t.t("report.event.variationDetail",
                    v.version(), v.resolutionNumber(), t.dateTime(v.effectiveFrom()), v.author())});
        }
        for (CaseRecords.Warning w : c.warnings()) {
            events.add(new Object[] {w.at(), t.t("report.event.warning"), w.resolutionNumber() + " · " + w.text()
                    + " (" + w.author() + ")"});
        }
        List<String[]> rows = new ArrayList<>();
        events.stream().filter(e -> !((Instant) e[0]).isBefore(c.from()) && ((Instant) e[0]).isBefore(c.to()))
                .sorted((a, b) -> ((Instant) a[0]).compareTo((Instant) b[0]))
                .forEach(e -> rows.add(new String[] {t.dateTime((Instant) e[0]), (String) e[1], (String) e[2]}));
        return rows;
    }

    /** The legend of what the map shows. */
    static void legend(PdfComposer pdf, Texts t, String markerKey, MapDrawing.Data map) {
        Map<String, Color> items = new LinkedHashMap<>();
        if (map.features().stream().anyMatch(f -> f.zone() != null
                && f.zone().type() == org.alterna.orders.Conditions.ZoneType.INCLUSION)) {
            items.put(t.t("zone.type.INCLUSION"), MapDrawing.INCLUSION);
        }
        if (map.features().stream().anyMatch(f -> f.zone() != null
                && f.zone().type() == org.alterna.orders.Conditions.ZoneType.EXCLUSION)) {
            items.put(t.t("zone.type.EXCLUSION"), MapDrawing.EXCLUSION);
        }
        if (map.features().stream().anyMatch(f -> f.route() != null)) {
            items.put(t.t("report.map.route"), MapDrawing.ROUTE);
        }
        if (map.track().stream().anyMatch(s -> !s.isEmpty())) {
            items.put(t.t("report.map.track"), MapDrawing.TRACK);
        }
        if (!map.markers().isEmpty()) {
            items.put(t.t(markerKey), MapDrawing.BREACH);
        }
        pdf.ensure(16);
        float x = PdfComposer.MARGIN;
        float y = pdf.y() - 12;
        for (Map.Entry<String, Color> e : items.entrySet()) {
            String label = pdf.clean(e.getKey());
            float w = pdf.textWidth(label, 8);
            if (x + 14 + w > PdfComposer.MARGIN + PdfComposer.width()) {
                x = PdfComposer.MARGIN;
                y -= 12;
            }
            pdf.fill(x, y - 1, 9, 7, e.getValue());
            pdf.text(x + 12, y, label, 8, PdfComposer.INK, false);
            x += 12 + w + 14;
        }
        pdf.space(pdf.y() - y + 4);
        pdf.paragraph(t.t("report.map.note"), 8, PdfComposer.MUTED);
    }

    static ConditionsVersion inForceAt(List<ConditionsVersion> versions, Instant t) {
        ConditionsVersion in = null;
        for (ConditionsVersion v : versions) {
            if (!v.effectiveFrom().isAfter(t) && (in == null || v.effectiveFrom().compareTo(in.effectiveFrom()) >= 0)) {
                in = v;
            }
        }
        return in;
    }

    private static String gaps(ComplianceFigures.Gaps g, Texts t) {
        if (g.count() == 0) {
            return t.t("report.none");
        }
        return t.t("report.sum.gapsValue", g.count(), t.duration(g.total()), t.duration(g.longest()),
                t.dateTime(g.longestFrom()), t.date(g.longestFrom()).equals(t.date(g.longestTo()))
                        ? t.time(g.longestTo()) : t.dateTime(g.longestTo()));
    }

    private static String sources(Map<String, Long> bySource, long total, Texts t) {
        List<String> parts = new ArrayList<>();
        bySource.forEach((s, n) -> parts.add(s + " " + t.percent((double) n / total)));
        return String.join(", ", parts);
    }

    private static String types(String csv, Texts t) {
        if (csv == null || csv.isBlank()) {
            return t.t("report.allTypes");
        }
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(t.type(s.trim()));
        }
        return String.join(", ", out);
    }

    private static String join(String sep, String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p);
            }
        }
        return String.join(sep, kept);
    }
}
