package org.alterna.console;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.alterna.orders.PoliceAccess;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the person of a case is now: the one REST answer the police get to it (model: Brazil's CNJ Res. 412/2021),
 * only while a critical alarm of the case is open in their jurisdiction or a judge's authorisation is in force.
 * Every read is audited ({@code location.read}); a police read is also logged for the judge with who, when, on what
 * basis and what was shown ({@code police.access}, listed on the order page).
 */
@RestController
@Tag(name = "Police access", description = "Judge's authorisations for the police and the police access log")
class CurrentPositionController {
    private final MonitoringViews views;
    private final PoliceAccess police;
    private final ApplicationEventPublisher events;

    CurrentPositionController(MonitoringViews views, PoliceAccess police, ApplicationEventPublisher events) {
        this.views = views;
        this.police = police;
        this.events = events;
    }

    @GetMapping("/api/v1/orders/{id}/current-position")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','POLICE')")
    @Operation(summary = "The current position of the case's person (POLICE: only on an open critical alarm of their"
            + " jurisdiction or a judge's authorisation in force; every access logged for the judge)")
    MonitoringViews.CurrentPosition currentPosition(@PathVariable UUID id) {
        Actor actor = Actors.current();
        MonitoringViews.CurrentPosition p = views.currentPosition(actor, id);
        String what = p.position() == null ? "current position: none known"
                : "current position of " + p.position().time();
        events.publishEvent(new Audited("location.read", "JudicialOrder", id.toString(), what));
        if (actor.is(Role.POLICE)) {
            police.record(actor, id, p.basis(), p.reference(), what, PoliceAccess.Channel.REST);
        }
        return p;
    }
}
