package org.alterna.console;

import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** View models of the console's monitoring screens (live updates: {@code /api/v1/live}); every location read is audited. */
@RestController
@RequestMapping("/api/v1/console")
class ConsoleApiController {
    static final String MONITORS = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";

    private final MonitoringViews views;
    private final ApplicationEventPublisher events;

    ConsoleApiController(MonitoringViews views, ApplicationEventPublisher events) {
        this.views = views;
        this.events = events;
    }

    /** Every person in the caller's scope whose order is being monitored, with the latest state and zones. */
    @GetMapping("/live-map")
    @PreAuthorize(MONITORS)
    List<MonitoringViews.Monitored> liveMap() {
        Actor actor = Actors.current();
        List<MonitoringViews.Monitored> people = views.liveMap(actor);
        events.publishEvent(new Audited("location.read", "LiveMap", actor.username(),
                "live map: " + people.size() + " people"));
        return people;
    }

    /** One person's unit and its latest state (the person view of the monitoring centre). */
    @GetMapping("/orders/{id}/monitoring")
    @PreAuthorize(MONITORS)
    MonitoringViews.Monitored monitoring(@PathVariable UUID id) {
        MonitoringViews.Monitored m = views.monitoring(Actors.current(), id);
        events.publishEvent(new Audited("location.read", "JudicialOrder", id.toString(), "latest state"));
        return m;
    }
}
