package org.alterna.devices;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Installations API: INPE's supervisors and the contractor's monitoring centre (whose installers fit the units) follow
 * and record each ordered measure's installation; every other role is denied. Scoped by the order (an installation of
 * an order out of the caller's scope answers 404 as a missing one).
 */
@RestController
@RequestMapping("/api/v1/installations")
class InstallationController {
    private static final String ROLES = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";

    private final Installations installations;

    InstallationController(Installations installations) {
        this.installations = installations;
    }

    record NoteRequest(String note) {
    }

    /** The unit to reserve, by its id (the serial on the box). */
    record ReservationRequest(String deviceId) {
    }

    @GetMapping
    @PreAuthorize(ROLES)
    @Operation(summary = "Installations of the caller's orders: open ones (default), by status, or only overdue")
    List<Installations.InstallationView> list(@RequestParam(required = false) String status,
            @RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit", "must be between 1 and 1000");
        }
        InstallationStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = InstallationStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "must be one of " + List.of(InstallationStatus.values()));
            }
        }
        return installations.list(Actors.current(), new Installations.Filter(s, !all, overdue, limit));
    }

    @GetMapping("/{orderId}")
    @PreAuthorize(ROLES)
    @Operation(summary = "The installation of an order: deadline, appointment, unit, checklist, activation")
    Installations.InstallationView get(@PathVariable UUID orderId) {
        return installations.get(Actors.current(), orderId);
    }

    @PutMapping("/{orderId}/appointment")
    @PreAuthorize(ROLES)
    @Operation(summary = "Set (or move) the appointment: when, where, which installer, which unit from stock; "
            + "schedules the order")
    Installations.InstallationView appoint(@PathVariable UUID orderId,
            @RequestBody(required = false) Installations.Appointment body) {
        return installations.appoint(Actors.current(), orderId, body);
    }

    @PostMapping("/{orderId}/reservation")
    @PreAuthorize(ROLES)
    @Operation(summary = "Reserve a unit in stock for the installation (IN_STOCK → RESERVED; the unit reserved before "
            + "goes back to stock): the caller's stock, or for the contractor's operator the stock held by the order's "
            + "region, named by the unit's id")
    Installations.InstallationView reserve(@PathVariable UUID orderId,
            @RequestBody(required = false) ReservationRequest body) {
        return installations.reserve(Actors.current(), orderId, body == null ? null : body.deviceId());
    }

    @DeleteMapping("/{orderId}/reservation")
    @PreAuthorize(ROLES)
    @Operation(summary = "Release the unit reserved for the installation: back to stock (RESERVED → IN_STOCK), "
            + "with the reason")
    Installations.InstallationView release(@PathVariable UUID orderId,
            @RequestParam(required = false) String reason) {
        return installations.release(Actors.current(), orderId, reason);
    }

    @PostMapping("/{orderId}/installed")
    @PreAuthorize(ROLES)
    @Operation(summary = "Record the unit fitted (now, or a few minutes ago at most): monitoring starts on its first "
            + "valid fix with the strap closed")
    Installations.InstallationView installed(@PathVariable UUID orderId,
            @RequestBody(required = false) Installations.Fitting body) {
        return installations.installed(Actors.current(), orderId, body);
    }

    @PostMapping("/{orderId}/checklist/{step}")
    @PreAuthorize(ROLES)
    @Operation(summary = "Check off a step of the installer's checklist (STRAP_CLOSED, VALID_FIX, TEST_ALARM, "
            + "WEARER_INFORMED), time-stamped with the caller's account")
    Installations.InstallationView tick(@PathVariable UUID orderId, @PathVariable String step,
            @RequestBody(required = false) NoteRequest body) {
        installations.get(Actors.current(), orderId); // out of scope answers as missing, whatever the step
        ChecklistStep s;
        try {
            s = ChecklistStep.valueOf(step.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("step", "must be one of " + List.of(ChecklistStep.values()));
        }
        return installations.tick(Actors.current(), orderId, s, body == null ? null : body.note());
    }
}
