package org.alterna.alarms;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.orders.OrderScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Incident reports, notification rules and outbox, and the live feed. */
@RestController
@Tag(name = "Alarm desk", description = "Incident reports, notification rules, live feed")
class AlarmDeskController {
    private final IncidentReports reports;
    private final NotificationRules rules;
    private final Outbox outbox;
    private final LiveFeedHub live;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    AlarmDeskController(IncidentReports reports, NotificationRules rules, Outbox outbox, LiveFeedHub live,
            Clock clock, ApplicationEventPublisher events) {
        this.reports = reports;
        this.rules = rules;
        this.outbox = outbox;
        this.live = live;
        this.clock = clock;
        this.events = events;
    }

    @GetMapping("/api/v1/incident-reports")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')")
    @Operation(summary = "Incident reports in the caller's scope (court, assigned prosecutor, region), newest first")
    List<IncidentReports.Report> reports(@RequestParam(required = false) String status,
            @RequestParam(required = false) String court) {
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase();
        if (s != null && !s.equals("PENDING") && !s.equals("SENT")) {
            throw new InvalidInputException("status", "PENDING or SENT");
        }
        List<IncidentReports.Report> list = reports.list(Actors.current(), s,
                court == null || court.isBlank() ? null : court.trim());
        // the reports hold the positions of the breaches: reading them is a read of locations
        events.publishEvent(new Audited("incident-report.list", "IncidentReport", null, list.size() + " report(s)"));
        return list;
    }

    @GetMapping("/api/v1/incident-reports/{id}")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','JUDGE','PROSECUTOR')")
    @Operation(summary = "An incident report (informe de incidencia) as JSON")
    IncidentReports.Report report(@PathVariable UUID id) {
        return reports.get(id, Actors.current());
    }

    @GetMapping("/api/v1/notification-rules")
    @PreAuthorize("hasRole('ADMIN')")
    List<NotificationRules.Rule> rules() {
        return rules.list();
    }

    @GetMapping("/api/v1/notification-rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    NotificationRules.Rule rule(@PathVariable UUID id) {
        return rules.get(id);
    }

    @PostMapping("/api/v1/notification-rules")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Create a notification rule (events, types, severities, channel, recipients)")
    ResponseEntity<NotificationRules.Rule> createRule(@RequestBody NotificationRules.RuleRequest body) {
        NotificationRules.Rule r = rules.create(body, Actors.current().username());
        return ResponseEntity.created(URI.create("/api/v1/notification-rules/" + r.id())).body(r);
    }

    @PutMapping("/api/v1/notification-rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    NotificationRules.Rule updateRule(@PathVariable UUID id, @RequestBody NotificationRules.RuleRequest body) {
        return rules.update(id, body, Actors.current().username());
    }

    @DeleteMapping("/api/v1/notification-rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> deleteRule(@PathVariable UUID id) {
        rules.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/notification-outbox")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Recent notifications and their delivery state (PENDING, SENT, DEAD), newest first")
    List<Outbox.Item> outbox(@RequestParam(required = false) String status,
            @RequestParam(defaultValue = "200") int limit) {
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase(java.util.Locale.ROOT);
        if (s != null && !Outbox.STATUSES.contains(s)) {
            throw new InvalidInputException("status", "one of " + String.join(", ", Outbox.STATUSES));
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit", "must be between 1 and 1000");
        }
        return outbox.recent(s, limit);
    }

    @PostMapping("/api/v1/notification-outbox/{id}/retry")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Send a dead notification again (fresh count of attempts); 409 unless it is DEAD")
    Outbox.Item retry(@PathVariable UUID id) {
        Outbox.Item item = outbox.find(id).orElseThrow(() -> new NotFoundException("no notification " + id));
        if (!outbox.revive(id, clock.instant())) {
            throw new ConflictException("notification " + id + " is " + item.status() + ", not DEAD");
        }
        events.publishEvent(new Audited("notification.retry", "Notification", id.toString(),
                item.channel() + " " + item.target() + " after " + item.attempts() + " attempt(s): " + item.lastError()));
        return outbox.find(id).orElseThrow();
    }

    /**
     * The live feed as server-sent events: the console's one stream ({@code event: position}, {@code event: alarm}).
     * Only for clients that ask for {@code text/event-stream} (as EventSource does); any other Accept gets 406, so a
     * plain API call never hangs on an endless stream. A subscription is a read of locations: audited.
     */
    @GetMapping("/api/v1/live")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR','POLICE')")
    @Operation(summary = "Live alarms and positions in the caller's scope (text/event-stream)")
    SseEmitter live(@RequestHeader(value = "Accept", required = false) String accept) {
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE,
                    "the live feed is a text/event-stream: send Accept: text/event-stream");
        }
        Actor actor = Actors.current();
        events.publishEvent(new Audited("location.subscribe", "LiveFeed", actor.username(),
                OrderScope.alarmShowsPositions(actor) ? "live alarms and positions in scope" : "live alarms in scope"));
        return live.subscribe(actor);
    }
}
