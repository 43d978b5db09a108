package org.alterna.privacy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The subject-access exports: of one person, for the person or their defence; of a victim, for the victim. */
@RestController
@Tag(name = "Data protection", description = "Retention, legal holds and subject access (Ley 29733)")
class SubjectAccessController {
    private final SubjectAccessExport export;
    private final ApplicationEventPublisher events;

    SubjectAccessController(SubjectAccessExport export, ApplicationEventPublisher events) {
        this.export = export;
        this.events = events;
    }

    /**
     * Written straight to the response as it is read (constant memory). The request is audited before the first
     * byte, with the orders it covers; the rows per file once it is complete.
     */
    @GetMapping("/api/v1/people/{id}/data-export")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE')")
    @Operation(summary = "Everything held about a person (ZIP of JSON and CSV) for the person or their defence;"
            + " the orders in the caller's scope, 404 if none")
    void dataExport(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        Actor actor = Actors.current();
        SubjectAccessExport.Plan plan = export.plan(id, actor)
                .orElseThrow(() -> new NotFoundException("no person " + id));
        events.publishEvent(new Audited("person.export", "Person", id.toString(),
                "subject-access export of " + plan.orderIds().size() + " order(s): " + plan.orderIds()));
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("alterna-datos-" + id + ".zip").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Map<String, Long> rows = export.write(plan, response.getOutputStream());
        response.flushBuffer();
        events.publishEvent(new Audited("person.export.completed", "Person", id.toString(),
                "rows: " + Retention.describe(rows)));
    }

    /**
     * The victim's own data (their right of access too): only what is theirs, never the person under the measure.
     * Same roles and scope as the person's export; an order out of scope, or without a victim, answers 404.
     */
    @GetMapping("/api/v1/orders/{id}/victim/data-export")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE')")
    @Operation(summary = "Everything held about the victim of a protection order (ZIP of JSON and CSV), for the"
            + " victim; nothing of the person under the measure; 404 if out of scope or without a victim")
    void victimDataExport(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        Actor actor = Actors.current();
        SubjectAccessExport.VictimPlan plan = export.victimPlan(id, actor)
                .orElseThrow(() -> new NotFoundException("no victim of order " + id));
        events.publishEvent(new Audited("victim.export", "JudicialOrder", id.toString(),
                "subject-access export of the victim"));
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("alterna-datos-victima-" + id + ".zip").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Map<String, Long> rows = export.writeVictim(plan, response.getOutputStream());
        response.flushBuffer();
        events.publishEvent(new Audited("victim.export.completed", "JudicialOrder", id.toString(),
                "rows: " + Retention.describe(rows)));
    }
}
