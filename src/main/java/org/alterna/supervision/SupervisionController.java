package org.alterna.supervision;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actors;
import org.alterna.orders.OrderScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Authorised absences and the engine's own record of an order's alarm changes. */
@RestController
@RequestMapping("/api/v1/orders/{orderId}")
class SupervisionController {
    private final AuthorisedAbsences absences;
    private final OrderScope scope;
    private final java.util.Optional<LiveSupervision> live;
    private final ApplicationEventPublisher events;

    SupervisionController(AuthorisedAbsences absences, OrderScope scope, java.util.Optional<LiveSupervision> live,
            ApplicationEventPublisher events) {
        this.events = events;
        this.absences = absences;
        this.scope = scope;
        this.live = live;
    }

    @PostMapping("/authorised-absences")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE')")
    @ResponseStatus(HttpStatus.CREATED)
    AuthorisedAbsences.Absence authorise(@PathVariable UUID orderId,
            @RequestBody AuthorisedAbsences.AbsenceRequest request) {
        return absences.authorise(orderId, request);
    }

    @GetMapping("/authorised-absences")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR')")
    List<AuthorisedAbsences.Absence> absences(@PathVariable UUID orderId) {
        return absences.visible(orderId);
    }

    @GetMapping("/engine-events")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR')")
    List<Map<String, Object>> engineEvents(@PathVariable UUID orderId) {
        org.alterna.identity.Actor actor = Actors.current();
        if (!scope.canSee(actor, orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
        List<Map<String, Object>> recorded = live.map(l -> l.recorded(orderId)).orElse(List.of());
        if (!OrderScope.alarmShowsPositions(actor)) {
            // the court and the prosecutor read the engine's record without its positions (the breach's evidence
            // reaches them in the incident report)
            recorded = recorded.stream().map(row -> {
                Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
                copy.keySet().removeIf(k -> k.equalsIgnoreCase("evidence"));
                return (Map<String, Object>) copy;
            }).toList();
            events.publishEvent(new Audited("engine-events.read", "JudicialOrder", orderId.toString(),
                    "engine events without positions"));
            return recorded;
        }
        // the evidence holds positions: reading it is a read of the person's location
        events.publishEvent(new Audited("location.read", "JudicialOrder", orderId.toString(), "engine events"));
        return recorded;
    }
}
