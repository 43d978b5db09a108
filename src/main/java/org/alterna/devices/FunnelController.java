package org.alterna.devices;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The activation funnel: from the court's request to active monitoring, per penal centre, region, court and period,
 * with the stock against the installation backlog. INPE's supervisors and the monitoring centres read it for the cases
 * and devices of their scope; every other role is denied. As JSON, or as CSV (one row per group and stage).
 */
@RestController
@RequestMapping("/api/v1/funnel")
class FunnelController {
    private static final String ROLES = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";

    private final FunnelService funnel;
    private final MessageSource messages;

    FunnelController(FunnelService funnel, MessageSource messages) {
        this.funnel = funnel;
        this.messages = messages;
    }

    @GetMapping
    @PreAuthorize(ROLES)
    @Operation(summary = "Funnel figures of the caller's cases: counts, conversion, median and p90 hours per stage, "
            + "the oldest cases waiting and why, stock vs in use vs idle, backlog and when stock runs out")
    Funnel.Figures figures(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String region, @RequestParam(required = false) String court,
            @RequestParam(required = false) Long penalCentre, @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) Integer idleDays, @RequestParam(defaultValue = "10") int oldest) {
        return funnel.figures(Actors.current(), query(from, to, region, court, penalCentre, groupBy, idleDays, oldest));
    }

    @GetMapping("/export")
    @PreAuthorize(ROLES)
    @Operation(summary = "The funnel as CSV: one row per group (and the total) and stage")
    void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String region, @RequestParam(required = false) String court,
            @RequestParam(required = false) Long penalCentre, @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) Integer idleDays, HttpServletResponse response) throws IOException {
        Funnel.Figures f = funnel.figures(Actors.current(),
                query(from, to, region, court, penalCentre, groupBy, idleDays, 0));
        Locale locale = LocaleContextHolder.getLocale();
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"embudo-activacion.csv\"");
        OutputStreamWriter w = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        w.write('\uFEFF'); // spreadsheets read the accents right
        List<String> header = new ArrayList<>();
        for (String c : List.of("group", "stage", "reached", "waitingNow", "conversion", "medianHours", "p90Hours")) {
            header.add(messages.getMessage("funnel.csv." + c, null, c, locale));
        }
        String all = messages.getMessage("funnel.csv.all", null, "all", locale);
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new))
                .get())) {
            print(p, all, f.stages(), locale);
            for (Funnel.Group g : f.groups()) {
                print(p, g.label().isEmpty() ? "-" : g.label(), g.stages(), locale);
            }
        }
    }

    private void print(CSVPrinter p, String group, List<Funnel.StageFigure> stages, Locale locale)
            throws IOException {
        for (Funnel.StageFigure s : stages) {
            p.printRecord(group, messages.getMessage("funnel.stage." + s.stage(), null, s.stage().name(), locale),
                    s.reached(), s.waitingNow(), s.conversion() == null ? "" : s.conversion(),
                    s.medianHours() == null ? "" : s.medianHours(), s.p90Hours() == null ? "" : s.p90Hours());
        }
    }

    private static FunnelService.Query query(String from, String to, String region, String court, Long penalCentre,
            String groupBy, Integer idleDays, int oldest) {
        if (oldest < 0 || oldest > 100) {
            throw new InvalidInputException("oldest", "must be between 0 and 100");
        }
        Funnel.GroupBy g = null;
        if (groupBy != null && !groupBy.isBlank()) {
            try {
                g = Funnel.GroupBy.valueOf(groupBy.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("groupBy", "must be one of " + List.of(Funnel.GroupBy.values()));
            }
        }
        return new FunnelService.Query(date(from, "from"), date(to, "to"), region, court, penalCentre, g, idleDays,
                oldest);
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "a date like 2026-11-30 (local date, included)");
        }
    }
}
