package org.alterna.reports;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.common.LocalTime;
import org.alterna.identity.Actors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Court reports of an order: make a compliance report (with its evidence package) or an evidence package alone, list
 * them, download them (audited); the incident report of a confirmed violation as PDF; a stored case as a replay
 * scenario. For the judge, the prosecutor and the INPE supervisor whose scope includes the order (and the
 * administrator); an order out of scope is answered 404, exactly like a missing one.
 */
@RestController
class ReportController {
    private final ReportService reports;
    private final IncidentReportService incidents;
    private final ScenarioExport scenarios;
    private final LocalTime localTime;

    ReportController(ReportService reports, IncidentReportService incidents, ScenarioExport scenarios,
            LocalTime localTime) {
        this.reports = reports;
        this.incidents = incidents;
        this.scenarios = scenarios;
        this.localTime = localTime;
    }

    /**
     * What to make. {@code kind}: COMPLIANCE (default: the report and its evidence package) or EVIDENCE (the package
     * alone); {@code from}/{@code to}: ISO instants, or dates (local days, {@code to} inclusive); absent: the measure so
     * far; {@code lang}: {@code es} (default) or {@code en}.
     */
    record ReportRequest(String kind, String from, String to, String lang) {
    }

    @PostMapping("/api/v1/orders/{id}/reports")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')")
    @Operation(summary = "Make a compliance report (with its signed evidence package) or an evidence package alone")
    ResponseEntity<Map<String, Object>> create(@PathVariable UUID id, @RequestBody(required = false) ReportRequest body,
            HttpServletRequest request) {
        ReportRequest r = body == null ? new ReportRequest(null, null, null, null) : body;
        String kind = r.kind() == null ? "COMPLIANCE" : r.kind().trim().toUpperCase(Locale.ROOT);
        Instant from = instant("from", r.from(), false);
        Instant to = instant("to", r.to(), true);
        if (kind.equals("COMPLIANCE")) {
            ReportService.Made made = reports.compliance(id, from, to, Texts.language(r.lang()), Actors.current(),
                    false, ServletUriComponentsBuilder.fromContextPath(request).toUriString());
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("report", made.report(), "evidence",
                    made.evidence()));
        }
        if (kind.equals("EVIDENCE")) {
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("evidence",
                    reports.evidence(id, from, to, Actors.current())));
        }
        throw new InvalidInputException("kind", "COMPLIANCE or EVIDENCE");
    }

    @GetMapping("/api/v1/orders/{id}/reports")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')")
    @Operation(summary = "Reports and evidence packages made for the order, newest first")
    List<CaseDocuments.Document> list(@PathVariable UUID id) {
        return reports.list(id, Actors.current());
    }

    @GetMapping("/api/v1/orders/{id}/reports/{documentId}")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')")
    @Operation(summary = "Download a report (PDF) or evidence package (ZIP) exactly as made; audited")
    ResponseEntity<byte[]> download(@PathVariable UUID id, @PathVariable UUID documentId) {
        ReportService.Download d = reports.download(id, documentId, Actors.current());
        return file(d.content(), d.document().mediaType(), d.document().fileName(), d.document().sha256());
    }

    @GetMapping("/api/v1/incident-reports/{id}/pdf")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')")
    @Operation(summary = "The incident report (informe de incidencia) of a confirmed violation as PDF; audited")
    ResponseEntity<byte[]> incident(@PathVariable UUID id, @RequestParam(required = false) String lang) {
        IncidentReportService.Rendered r = incidents.pdf(id, Texts.language(lang), Actors.current());
        return file(r.pdf(), ReportService.PDF, r.fileName(), null);
    }

    @GetMapping("/api/v1/orders/{id}/replay-scenario")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE')")
    @Operation(summary = "The stored case as a replay scenario (fixes, victim fixes, condition versions) for "
            + "'alterna replay'; audited")
    ResponseEntity<byte[]> scenario(@PathVariable UUID id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        ScenarioExport.Exported e = scenarios.export(id, instant("from", from, false), instant("to", to, true),
                Actors.current());
        return file(e.json(), MediaType.APPLICATION_JSON_VALUE, e.fileName(), null);
    }

    static ResponseEntity<byte[]> file(byte[] content, String mediaType, String name, String sha256) {
        ResponseEntity.BodyBuilder b = ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .contentType(MediaType.parseMediaType(mediaType))
                .contentLength(content.length);
        if (sha256 != null) {
            b.header("X-Content-SHA256", sha256);
        }
        return b.body(content);
    }

    /** An ISO instant, or a local date: its start ({@code from}) or the start of the next day ({@code to}). */
    Instant instant(String field, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate d = LocalDate.parse(value.trim());
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(localTime.zone()).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(field, "must be an ISO-8601 instant (2026-03-01T05:00:00Z) or date "
                        + "(2026-03-01)");
            }
        }
    }
}
