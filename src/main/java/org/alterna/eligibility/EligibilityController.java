package org.alterna.eligibility;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Eligibility triage: register imports, candidate lists and exports, rule sets, re-evaluations, projections. */
@RestController
@RequestMapping("/api/v1/eligibility")
@Tag(name = "Eligibility", description = "Who could go home under electronic monitoring, why, and what it changes")
class EligibilityController {
    static final String READERS = "hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')";
    static final String INPE = "hasAnyRole('ADMIN','SUPERVISOR')";

    private final RegisterImports imports;
    private final CandidateService candidates;
    private final CandidateExports exports;
    private final RuleSets ruleSets;
    private final ProjectionService projections;
    private final EligibilitySettings settings;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    EligibilityController(RegisterImports imports, CandidateService candidates, CandidateExports exports,
            RuleSets ruleSets, ProjectionService projections, EligibilitySettings settings,
            ApplicationEventPublisher events, JsonMapper json) {
        this.imports = imports;
        this.candidates = candidates;
        this.exports = exports;
        this.ruleSets = ruleSets;
        this.projections = projections;
        this.settings = settings;
        this.events = events;
        this.json = json;
    }

    // ------------------------------------------------------------------------------------------ register imports

    record ImportView(UUID id, String state, String mode, double progress, int lines, int linesRead, int rows,
            int rowsWritten, int removed, Integer ruleSetVersion, Map<Status, Long> byStatus, int errorCount,
            List<RegisterCsv.LineError> errors, String message, Instant createdAt, Instant startedAt,
            Instant finishedAt, Long durationMs, long parseMs, long evaluateMs, long writeMs, long parseCpuMs,
            long writeCpuMs) {
        static ImportView of(RegisterImports.Job j) {
            return new ImportView(j.id, j.state.name(), j.mode.name(), Math.round(j.progress() * 1000) / 1000.0, j.lines,
                    j.linesRead.get(), j.rows, j.rowsWritten.get(), j.removed, j.ruleSetVersion, j.byStatus,
                    j.errorCount, j.errors, j.message, j.createdAt, j.startedAt, j.finishedAt, j.durationMs(), j.parseMs,
                    j.evaluateMs, j.writeMs, j.parseCpuMs, j.writeCpuMs);
        }
    }

    @PostMapping("/register/imports")
    @PreAuthorize(INPE)
    @Operation(summary = "Import a prison register (CSV, UTF-8): checked line by line, all or nothing; "
            + "answers 202 with a job whose progress is read at its Location")
    ResponseEntity<ImportView> importRegister(@RequestParam(defaultValue = "replace") String mode,
            HttpServletRequest request) throws IOException {
        RegisterImports.Mode m;
        try {
            m = RegisterImports.Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("mode", "replace or merge (got " + mode + ")");
        }
        long max = settings.maxImportSize().toBytes();
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        RegisterImports.Job job = imports.submit(body, m, Actors.current());
        return ResponseEntity.accepted().location(URI.create("/api/v1/eligibility/register/imports/" + job.id))
                .body(ImportView.of(job));
    }

    @GetMapping("/register/imports/{id}")
    @PreAuthorize(INPE)
    @Operation(summary = "Progress and outcome of a register import (its author's, or any for an administrator)")
    ImportView importJob(@PathVariable UUID id) {
        return ImportView.of(imports.job(id, Actors.current()));
    }

    // ------------------------------------------------------------------------------------------ candidates

    static RegisterRepository.Filter filter(Long penalCentreId, String court, String region, String status,
            String legalStatus, Boolean priority, Boolean communityService, String q) {
        Status s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "ELIGIBLE, NEEDS_REVIEW or NOT_ELIGIBLE (got " + status + ")");
            }
        }
        LegalStatus ls = null;
        if (legalStatus != null && !legalStatus.isBlank()) {
            ls = LegalStatus.parse(legalStatus);
            if (ls == null) {
                throw new InvalidInputException("legalStatus", "PROCESADO or CONDENADO (got " + legalStatus + ")");
            }
        }
        String text = q == null || q.isBlank() ? null : q.trim();
        if (text != null && text.length() > 100) {
            throw new InvalidInputException("q", "at most 100 characters");
        }
        return new RegisterRepository.Filter(penalCentreId, court == null || court.isBlank() ? null
                : court.trim().toUpperCase(Locale.ROOT), region == null || region.isBlank() ? null : region.trim(), s, ls,
                priority, communityService, text);
    }

    @GetMapping("/candidates")
    @PreAuthorize(READERS)
    @Operation(summary = "Candidates in the caller's scope, ranked (eligible first, priority groups first), filtered")
    CandidateService.Page list(@RequestParam(required = false) Long penalCentreId,
            @RequestParam(required = false) String court, @RequestParam(required = false) String region,
            @RequestParam(required = false) String status, @RequestParam(required = false) String legalStatus,
            @RequestParam(required = false) Boolean priority, @RequestParam(required = false) Boolean communityService,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return candidates.list(Actors.current(), filter(penalCentreId, court, region, status, legalStatus, priority,
                communityService, q), page, size, LocaleContextHolder.getLocale());
    }

    @GetMapping("/candidates/export")
    @PreAuthorize(READERS)
    @Operation(summary = "The same list as CSV (all rows) or PDF (the first rows), Spanish by default (lang=en)")
    void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) Long penalCentreId,
            @RequestParam(required = false) String court, @RequestParam(required = false) String region,
            @RequestParam(required = false) String status, @RequestParam(required = false) String legalStatus,
            @RequestParam(required = false) Boolean priority, @RequestParam(required = false) Boolean communityService,
            @RequestParam(required = false) String q, HttpServletResponse response) throws IOException {
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("pdf")) {
            throw new InvalidInputException("format", "csv or pdf (got " + format + ")");
        }
        RegisterRepository.Filter filter = filter(penalCentreId, court, region, status, legalStatus, priority,
                communityService, q);
        Actor actor = Actors.current();
        Locale locale = LocaleContextHolder.getLocale();
        CandidateService.RuleSetRef ruleSet = candidates.activeRef();
        String name = "candidatos-vep-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        long total = candidates.count(actor, filter);
        if (f.equals("csv")) {
            response.setContentType("text/csv;charset=UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            int[] rows = {0};
            try (CandidateExports.CsvWriter w = exports.csv(response.getOutputStream(), locale, ruleSet)) {
                candidates.forEach(actor, filter, Integer.MAX_VALUE, locale, c -> {
                    w.write(c);
                    rows[0]++;
                });
            }
            events.publishEvent(new Audited("eligibility.export", "PrisonRegister", null,
                    "csv, " + rows[0] + " candidates, " + describe(filter)));
            return;
        }
        List<CandidateService.CandidateView> rows = new ArrayList<>();
        candidates.forEach(actor, filter, settings.pdfMaxRows(), locale, rows::add);
        response.setContentType("application/pdf");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
        exports.pdf(response.getOutputStream(), locale, new CandidateExports.Heading(scopeOf(actor, locale),
                describe(filter), ruleSet, total, Instant.now()), rows);
        events.publishEvent(new Audited("eligibility.export", "PrisonRegister", null,
                "pdf, " + rows.size() + " of " + total + " candidates, " + describe(filter)));
    }

    private String scopeOf(Actor actor, Locale locale) {
        return switch (actor.role()) {
            case SUPERVISOR -> exports.t("eligibility.pdf.scopeRegion", locale, actor.region());
            case JUDGE, PROSECUTOR -> exports.t("eligibility.pdf.scopeCourt", locale, actor.courtCode());
            default -> exports.t("eligibility.pdf.scopeAll", locale);
        };
    }

    private static String describe(RegisterRepository.Filter f) {
        List<String> parts = new ArrayList<>();
        if (f.penalCentreId() != null) {
            parts.add("penalCentreId=" + f.penalCentreId());
        }
        if (f.courtCode() != null) {
            parts.add("court=" + f.courtCode());
        }
        if (f.region() != null) {
            parts.add("region=" + f.region());
        }
        if (f.status() != null) {
            parts.add("status=" + f.status());
        }
        if (f.legalStatus() != null) {
            parts.add("legalStatus=" + f.legalStatus());
        }
        if (Boolean.TRUE.equals(f.priorityOnly())) {
            parts.add("priority");
        }
        if (f.communityService() != null) {
            parts.add("communityService=" + f.communityService());
        }
        if (f.text() != null) {
            parts.add("q=" + f.text());
        }
        return String.join(", ", parts);
    }

    @GetMapping("/candidates/{internalId}")
    @PreAuthorize(READERS)
    @Operation(summary = "One candidate with every reason and its legal basis")
    CandidateService.CandidateView one(@PathVariable String internalId) {
        return candidates.one(internalId, Actors.current(), LocaleContextHolder.getLocale());
    }

    @PostMapping("/candidates/{internalId}/em-request")
    @PreAuthorize(INPE)
    @Operation(summary = "Turn a candidate into a request for electronic monitoring (an order in REQUESTED)")
    ResponseEntity<CandidateService.EmRequestResult> emRequest(@PathVariable String internalId) {
        CandidateService.EmRequestResult r = candidates.requestEm(internalId, Actors.current());
        return ResponseEntity.created(URI.create("/api/v1/orders/" + r.orderId())).body(r);
    }

    // ------------------------------------------------------------------------------------------ rule sets

    record RuleSetSummary(int version, String code, String title, String inForceFrom, boolean active,
            String loadedBy, Instant loadedAt, Instant activatedAt, String sha256) {
        static RuleSetSummary of(RuleSetStore.StoredRuleSet s) {
            return new RuleSetSummary(s.version(), s.code(), s.title(), s.inForceFrom().toString(), s.active(),
                    s.loadedBy(), s.loadedAt(), s.activatedAt(), s.sha256());
        }
    }

    record RuleView(String id, String type, String basis, String text, Map<String, Object> params) {
    }

    record RuleSetDetail(RuleSetSummary ruleSet, String title, List<String> sources, List<RuleView> rules,
            JsonNode document) {
    }

    @GetMapping("/rule-sets")
    @PreAuthorize(READERS)
    @Operation(summary = "The rule sets stored, the active one marked")
    List<RuleSetSummary> ruleSets() {
        return ruleSets.all().stream().map(RuleSetSummary::of).toList();
    }

    @GetMapping("/rule-sets/{version}")
    @PreAuthorize(READERS)
    @Operation(summary = "A rule set: every rule with its legal basis, and the document as loaded")
    RuleSetDetail ruleSet(@PathVariable int version) {
        RuleSetStore.StoredRuleSet stored = ruleSets.stored(version);
        RuleSet rs = ruleSets.ruleSet(version);
        Locale locale = LocaleContextHolder.getLocale();
        List<RuleView> rules = new ArrayList<>();
        for (RuleSet.Rule r : rs.rules()) {
            Map<String, Object> p = new LinkedHashMap<>();
            String type;
            if (r instanceof RuleSet.PenaltyRoute x) {
                p.put("legalStatus", x.legalStatus().name());
                if (x.stage() != null) {
                    p.put("stage", x.stage().name());
                }
                if (x.minMonths() != null) {
                    p.put("minMonths", x.minMonths());
                }
                if (x.maxMonths() != null) {
                    p.put("maxMonths", x.maxMonths());
                }
                p.put("communityService", x.communityService());
                type = "PENALTY_ROUTE";
            } else if (r instanceof RuleSet.ExcludedOffences x) {
                p.put("articles", x.articles().stream().sorted().toList());
                type = "EXCLUDED_OFFENCES";
            } else if (r instanceof RuleSet.Recidivism x) {
                if (x.legalStatus() != null) {
                    p.put("legalStatus", x.legalStatus().name());
                }
                type = "RECIDIVISM";
            } else if (r instanceof RuleSet.PriorityAge x) {
                p.put("olderThanYears", x.olderThanYears());
                type = "PRIORITY_AGE";
            } else {
                p.put("fact", ((RuleSet.PriorityFactRule) r).fact().name());
                type = "PRIORITY_FACT";
            }
            rules.add(new RuleView(r.id(), type, r.basis(), r.text().in(locale), p));
        }
        return new RuleSetDetail(RuleSetSummary.of(stored), rs.title().in(locale), rs.sources(), rules,
                json.readTree(stored.document()));
    }

    record Activation(RuleSetSummary ruleSet, CandidateService.RunView run) {
    }

    @PostMapping("/rule-sets")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Load a new rule set (JSON); unless activate=false it becomes active and everyone is "
            + "re-evaluated, the changes listed under the run")
    ResponseEntity<Activation> upload(@RequestBody String document, @RequestParam(defaultValue = "true") boolean activate) {
        Actor actor = Actors.current();
        RuleSets.Upload u = ruleSets.upload(document, activate, actor);
        CandidateService.RunView run = u.run() == null ? null : candidates.runs(actor).stream()
                .filter(r -> r.id() == u.run().id()).findFirst().orElse(null);
        return ResponseEntity.created(URI.create("/api/v1/eligibility/rule-sets/" + u.ruleSet().version()))
                .body(new Activation(RuleSetSummary.of(ruleSets.stored(u.ruleSet().version())), run));
    }

    @PostMapping("/rule-sets/{version}/activation")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Make a stored rule set the active one: everyone is re-evaluated and the changes listed")
    Activation activate(@PathVariable int version) {
        Actor actor = Actors.current();
        RuleSetStore.Run run = ruleSets.activate(version, actor, "ACTIVATION");
        CandidateService.RunView view = candidates.runs(actor).stream().filter(r -> r.id() == run.id()).findFirst()
                .orElse(null);
        return new Activation(RuleSetSummary.of(ruleSets.stored(version)), view);
    }

    @GetMapping("/runs")
    @PreAuthorize(READERS)
    @Operation(summary = "Re-evaluations of the register (latest first); changed counts only those in the caller's scope")
    List<CandidateService.RunView> runs() {
        return candidates.runs(Actors.current());
    }

    @GetMapping("/runs/{id}/changes")
    @PreAuthorize(READERS)
    @Operation(summary = "Who changed in a re-evaluation and why (reasons before and after), in the caller's scope")
    CandidateService.ChangePage changes(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return candidates.changes(id, Actors.current(), page, size, LocaleContextHolder.getLocale());
    }

    // ------------------------------------------------------------------------------------------ projection

    @GetMapping("/projection")
    @PreAuthorize(INPE)
    @Operation(summary = "Occupancy now and if a share of the eligible (or of the priority groups) moved to "
            + "monitoring; devices, staff and cost per day, month and year")
    ProjectionService.View projection(@RequestParam(required = false) Double share,
            @RequestParam(required = false) String group) {
        return projections.project(Actors.current(), share, group);
    }

    @GetMapping("/projection/export")
    @PreAuthorize(INPE)
    @Operation(summary = "The projection as CSV: one row per establishment, per regional office and for the total of "
            + "the caller's scope, each with the scenario (share, group, figures date), resources and cost")
    void projectionCsv(@RequestParam(required = false) Double share, @RequestParam(required = false) String group,
            HttpServletResponse response) throws IOException {
        ProjectionService.View v = projections.project(Actors.current(), share, group);
        Locale locale = LocaleContextHolder.getLocale();
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"proyeccion-hacinamiento-"
                + Math.round(v.share() * 100) + "-" + v.group().toLowerCase(Locale.ROOT) + ".csv\"");
        OutputStreamWriter w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        w.write('\uFEFF');
        List<String> header = new ArrayList<>();
        for (String c : List.of("level", "code", "name", "region", "capacity", "population", "occupancy",
                "registered", "eligible", "eligiblePriority", "needsReview", "moved", "projectedPopulation",
                "projectedOccupancy", "devices", "installers", "monitoringStaff", "prisonCostPerDay",
                "monitoringCostPerDay", "savingPerDay", "savingPerMonth", "savingPerYear", "share", "group",
                "figuresDate")) {
            header.add(exports.t("eligibility.projection.csv." + c, locale));
        }
        String scenarioGroup = exports.t("eligibility.projection.csv.group." + v.group(), locale);
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            String centreLevel = exports.t("eligibility.projection.csv.level.centre", locale);
            for (Projection.CentreResult r : v.centres()) {
                Projection.CentreInput c = r.centre();
                printProjectionRow(p, centreLevel, c.code(), c.name(), c.region(), r.now(), c.registered(), c.eligible(),
                        c.eligiblePriority(), c.needsReview(), r.moved(), r.projected(),
                        Projection.resources(r.moved(), settings), Projection.costs(r.moved(), settings), v,
                        scenarioGroup);
            }
            String regionLevel = exports.t("eligibility.projection.csv.level.region", locale);
            for (Projection.Area a : v.regions()) {
                printProjectionRow(p, regionLevel, "", a.name(), a.name(), a.now(), a.registered(), a.eligible(),
                        a.eligiblePriority(), a.needsReview(), a.moved(), a.projected(), a.resources(), a.costs(), v,
                        scenarioGroup);
            }
            Projection.Area t = v.total();
            printProjectionRow(p, exports.t("eligibility.projection.csv.level.total", locale), "", t.name(), "",
                    t.now(), t.registered(), t.eligible(), t.eligiblePriority(), t.needsReview(), t.moved(),
                    t.projected(), t.resources(), t.costs(), v, scenarioGroup);
        }
    }

    private static void printProjectionRow(CSVPrinter p, String level, String code, String name, String region,
            Projection.Occupancy now, long registered, long eligible, long eligiblePriority, long needsReview,
            long moved, Projection.Occupancy projected, Projection.Resources resources, Projection.Costs costs,
            ProjectionService.View v, String group) throws IOException {
        p.printRecord(level, code, name, region, now.capacity(), now.population(), now.occupancyPercent(), registered,
                eligible, eligiblePriority, needsReview, moved, projected.population(), projected.occupancyPercent(),
                resources.devices(), resources.installers(), resources.monitoringStaff(), costs.prisonPerDay(),
                costs.monitoringPerDay(), costs.savingPerDay(), costs.savingPerMonth(), costs.savingPerYear(),
                v.share(), group, v.figuresDate());
    }
}
