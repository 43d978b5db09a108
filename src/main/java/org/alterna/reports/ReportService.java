package org.alterna.reports;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.audit.InstallationKey;
import org.alterna.common.InvalidInputException;
import org.alterna.common.LocalTime;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.portability.Csv;
import org.alterna.portability.Signer;
import org.alterna.reports.evidence.EvidenceWriter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes compliance reports and evidence packages of an order, keeps them as handed out, and serves them to those
 * whose scope includes the order (anyone else is told the order does not exist). Each compliance report is made with
 * its evidence package in one pass over a consistent snapshot of the case, and prints that package's hash and
 * signature; creating and downloading are audited.
 */
@Service
class ReportService {
    static final String PDF = "application/pdf";
    static final String ZIP = "application/zip";

    private final CaseRecords records;
    private final CasePackager packager;
    private final CaseDocuments documents;
    private final OrderScope scope;
    private final InstallationKey key;
    private final MessageSource messages;
    private final LocalTime localTime;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ReportSettings settings;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate write;

    ReportService(CaseRecords records, CasePackager packager, CaseDocuments documents, OrderScope scope,
            InstallationKey key, MessageSource messages, LocalTime localTime, Clock clock,
            ApplicationEventPublisher events, ReportSettings settings, PlatformTransactionManager transactions) {
        this.records = records;
        this.packager = packager;
        this.documents = documents;
        this.scope = scope;
        this.key = key;
        this.messages = messages;
        this.localTime = localTime;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.write = new TransactionTemplate(transactions);
    }

    /** A report with the evidence package it was made with. */
    record Made(CaseDocuments.Document report, CaseDocuments.Document evidence) {
    }

    /** A document's metadata and bytes. */
    record Download(CaseDocuments.Document document, byte[] content) {
    }

    /** The order, if {@code actor} may see it; otherwise not found, exactly like an order that does not exist. */
    OrderView visibleOrder(UUID orderId, Actor actor) {
        if (!scope.canSee(actor, orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
        return records.order(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
    }

    /** The period of a report: as given, or the measure so far (from its first activation until now or its end). */
    Instant[] period(OrderView order, Instant from, Instant to) {
        Instant now = clock.instant();
        if (from == null) {
            List<Instant> active = records.jdbc().query("SELECT MIN(occurred_at) FROM order_transition WHERE order_id = ? "
                    + "AND to_status = 'ACTIVE'", (rs, n) -> CaseRecords.instant(rs, 1), order.id());
            from = active.isEmpty() || active.get(0) == null ? order.createdAt() : active.get(0);
        }
        if (to == null) {
            to = now;
            if (order.status().isFinal()) {
                List<Instant> end = records.jdbc().query("SELECT MAX(occurred_at) FROM order_transition WHERE order_id = ? "
                        + "AND to_status IN ('COMPLETED', 'REVOKED')", (rs, n) -> CaseRecords.instant(rs, 1), order.id());
                if (!end.isEmpty() && end.get(0) != null) {
                    to = end.get(0);
                }
            }
        }
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from (" + from + ")");
        }
        if (from.isAfter(now)) {
            throw new InvalidInputException("from", "is in the future");
        }
        if (Duration.between(from, to).compareTo(settings.maxPeriod()) > 0) {
            throw new InvalidInputException("to", "a report may cover at most " + settings.maxPeriod().toDays() + " days");
        }
        return new Instant[] {from, to};
    }

    /** Makes a compliance report and its evidence package for the period, stores both and returns them. */
    Made compliance(UUID orderId, Instant from, Instant to, Locale language, Actor actor, boolean periodic,
            String baseUrl) {
        return compliance(orderId, from, to, language, actor, periodic, baseUrl, made -> { });
    }

    /** As above; {@code alsoStored} runs in the transaction that stores the documents (a failure stores nothing). */
    Made compliance(UUID orderId, Instant from, Instant to, Locale language, Actor actor, boolean periodic,
            String baseUrl, java.util.function.Consumer<Made> alsoStored) {
        OrderView order = visibleOrder(orderId, actor);
        Instant[] p = period(order, from, to);
        Instant now = clock.instant();
        UUID reportId = UUID.randomUUID();
        UUID evidenceId = UUID.randomUUID();
        Texts t = new Texts(messages, language, localTime.zone());
        Built built = build(order, p[0], p[1], evidenceId, now, actor);
        ComplianceReportPdf.Verification v = new ComplianceReportPdf.Verification(built.evidence.fileName(),
                built.evidence.sha256(), built.evidence.manifestSha256(), built.evidence.signature(),
                key.keyId(), fingerprint(), key.publicKeyPem(), base(baseUrl) + "/verificar",
                base(baseUrl) + "/api/v1/installation-key");
        byte[] pdf = ComplianceReportPdf.render(built.c, built.figures, built.map, v, t, now, actor.username(),
                reportId.toString().substring(0, 8), periodic);
        CaseDocuments.Document report = new CaseDocuments.Document(reportId, orderId, CaseDocuments.COMPLIANCE, p[0],
                p[1], language.getLanguage(), evidenceId, periodic, fileName(language.getLanguage().equals("en")
                        ? "compliance-report" : "informe-cumplimiento", order, p, "pdf"), PDF, pdf.length,
                Csv.sha256Hex(pdf), built.evidence.manifestSha256(), built.evidence.signature(), key.keyId(), now,
                actor.username());
        Made made = new Made(report, built.evidence);
        write.executeWithoutResult(s -> {
            documents.insert(built.evidence, built.zip);
            documents.insert(report, pdf);
            alsoStored.accept(made);
            events.publishEvent(new Audited("report.create", "JudicialOrder", orderId.toString(), "compliance report "
                    + reportId + " with evidence package " + evidenceId + ", " + p[0] + " to " + p[1]
                    + (periodic ? " (periodic)" : "")));
        });
        return made;
    }

    /** Makes an evidence package alone for the period. */
    CaseDocuments.Document evidence(UUID orderId, Instant from, Instant to, Actor actor) {
        OrderView order = visibleOrder(orderId, actor);
        Instant[] p = period(order, from, to);
        Instant now = clock.instant();
        Built built = build(order, p[0], p[1], UUID.randomUUID(), now, actor);
        write.executeWithoutResult(s -> {
            documents.insert(built.evidence, built.zip);
            events.publishEvent(new Audited("report.create", "JudicialOrder", orderId.toString(), "evidence package "
                    + built.evidence.id() + ", " + p[0] + " to " + p[1]));
        });
        return built.evidence;
    }

    private record Built(CaseRecords.Case c, ComplianceFigures.Figures figures, MapDrawing.Data map,
            CaseDocuments.Document evidence, byte[] zip) {
    }

    private Built build(OrderView order, Instant from, Instant to, UUID evidenceId, Instant now, Actor actor) {
        return snapshot.execute(s -> {
            CaseRecords.Case c = records.load(order, from, to);
            ConditionsVersion last = ComplianceReportPdf.inForceAt(c.versions(), to);
            int low = last != null && last.conditions().lowBatteryPercent() != null
                    ? last.conditions().lowBatteryPercent() : settings.lowBatteryPercent();
            ComplianceFigures figures = new ComplianceFigures(low);
            TrackSampler track = new TrackSampler();
            Set<UUID> docs = new HashSet<>(documents.ids(order.id()));
            ByteArrayOutputStream zip = new ByteArrayOutputStream(1 << 20);
            CasePackager.Packaged packaged = packager.write(c, zip, evidenceId, now, actor.username(), docs,
                    Signer.of(key), figures, track);
            int comm = last != null && last.conditions().noCommunicationMinutes() != null
                    ? last.conditions().noCommunicationMinutes() : settings.communicationGapMinutes();
            int noFix = last != null && last.conditions().noFixMinutes() != null
                    ? last.conditions().noFixMinutes() : settings.noFixGapMinutes();
            ComplianceFigures.Figures f = figures.finish(c, now, comm, noFix);
            byte[] bytes = zip.toByteArray();
            EvidenceWriter.Sealed sealed = packaged.sealed();
            CaseDocuments.Document evidence = new CaseDocuments.Document(evidenceId, order.id(), CaseDocuments.EVIDENCE,
                    from, to, null, null, false, fileName("evidencias", order, new Instant[] {from, to}, "zip"), ZIP,
                    bytes.length, Csv.sha256Hex(bytes), sealed.manifestSha256(), sealed.signatureBase64(),
                    sealed.keyId(), now, actor.username());
            return new Built(c, f, map(c, track), evidence, bytes);
        });
    }

    /** The map: zones and routes of every version in force during the period, the track, numbered breach points. */
    static MapDrawing.Data map(CaseRecords.Case c, TrackSampler track) {
        List<MapDrawing.Feature> features = new ArrayList<>();
        ConditionsVersion current = ComplianceReportPdf.inForceAt(c.versions(), c.to());
        List<ConditionsVersion> versions = c.versions();
        for (int i = 0; i < versions.size(); i++) {
            ConditionsVersion v = versions.get(i);
            Instant until = i + 1 < versions.size() ? versions.get(i + 1).effectiveFrom() : Instant.MAX;
            if (!v.effectiveFrom().isBefore(c.to()) || !until.isAfter(c.from())) {
                if (v != current) {
                    continue;
                }
            }
            boolean now = v == current;
            v.conditions().routes().forEach(r -> features.add(new MapDrawing.Feature(null, r, now)));
            v.conditions().zones().forEach(z -> features.add(new MapDrawing.Feature(z, null, now)));
        }
        List<MapDrawing.Marker> markers = new ArrayList<>();
        int n = 0;
        for (CaseRecords.AlarmRecord a : c.alarms()) {
            n++;
            if (!a.evidence().isEmpty() && ComplianceFigures.VIOLATIONS.contains(a.type())) {
                CaseRecords.Evidence e = a.evidence().get(0);
                markers.add(new MapDrawing.Marker(Integer.toString(n), e.lon(), e.lat()));
            }
        }
        return new MapDrawing.Data(track.segments(), features, markers);
    }

    List<CaseDocuments.Document> list(UUID orderId, Actor actor) {
        visibleOrder(orderId, actor);
        return documents.list(orderId);
    }

    /** A stored document of the order; the download is audited. */
    Download download(UUID orderId, UUID documentId, Actor actor) {
        visibleOrder(orderId, actor);
        CaseDocuments.Document d = documents.find(documentId).filter(x -> x.orderId().equals(orderId))
                .orElseThrow(() -> new NotFoundException("no document " + documentId + " of order " + orderId));
        byte[] content = documents.content(documentId);
        events.publishEvent(new Audited("report.download", "JudicialOrder", orderId.toString(),
                d.kind() + " " + d.id() + " " + d.fileName()));
        return new Download(d, content);
    }

    /** The SHA-256 of the installation's public key (X.509 encoding), in full. */
    String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String base(String requestBase) {
        if (!settings.publicUrl().isBlank()) {
            return settings.publicUrl();
        }
        return requestBase == null || requestBase.isBlank() ? "http://localhost:8080" : requestBase;
    }

    private String fileName(String prefix, OrderView order, Instant[] p, String ext) {
        DateTimeFormatter d = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(localTime.zone());
        return prefix + "-" + order.expediente().replaceAll("[^A-Za-z0-9-]", "-") + "-" + d.format(p[0]) + "-"
                + d.format(p[1]) + "." + ext;
    }

    static boolean monitoredSomeTime(OrderStatus status) {
        return status != OrderStatus.REQUESTED && status != OrderStatus.VIABILITY_REPORTED;
    }
}
