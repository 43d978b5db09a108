package org.alterna.orders;

import static org.alterna.orders.OrderStatus.ACTIVE;
import static org.alterna.orders.OrderStatus.COMPLETED;
import static org.alterna.orders.OrderStatus.INSTALLATION_SCHEDULED;
import static org.alterna.orders.OrderStatus.ORDERED;
import static org.alterna.orders.OrderStatus.REQUESTED;
import static org.alterna.orders.OrderStatus.REVOKED;
import static org.alterna.orders.OrderStatus.SUSPENDED;
import static org.alterna.orders.OrderStatus.VIABILITY_REPORTED;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;

/**
 * The judicial order, aggregate root. It guards its lifecycle: every transition method checks the current status
 * (an illegal one is a {@link ConflictException}, answered 409) and its preconditions, changes the status and returns
 * the {@link Transition} to record and publish.
 */
final class JudicialOrder {
    final UUID id;
    String expediente;
    String courtCode;
    Long judgeId;
    String resolutionNumber;
    LocalDate resolutionDate;
    MeasureType measureType;
    UUID personId;
    Long penalCentreId;
    String region;
    String monitoringCentre;
    String prosecutor;
    LocalDate startDate;
    LocalDate endDate;
    Instant installationAt;
    OrderStatus status;
    boolean synthetic;
    String createdBy;
    Instant createdAt;
    Instant updatedAt;
    int rowVersion;

    JudicialOrder(UUID id) {
        this.id = id;
    }

    /** A court's resolution: number and date. */
    record Resolution(String number, LocalDate date) {
        static Resolution of(String number, LocalDate date, String field) {
            if (number == null || number.isBlank()) {
                throw new InvalidInputException(field + "Number", "a resolution number is required");
            }
            if (date == null) {
                throw new InvalidInputException(field + "Date", "the date of the resolution is required");
            }
            return new Resolution(number.trim(), date);
        }
    }

    /** A status change to record in the history and publish. */
    record Transition(OrderStatus from, OrderStatus to, Resolution resolution, String note) {
    }

    /** Status in which the conditions may be varied and warnings issued. */
    static final Set<OrderStatus> MEASURE_IN_FORCE = EnumSet.of(ORDERED, INSTALLATION_SCHEDULED, ACTIVE, SUSPENDED);

    /** Attaches a viability report: REQUESTED → VIABILITY_REPORTED (a later report replaces it, no status change). */
    Transition reportViability(ViabilityReport report) {
        if (report == null) {
            throw new InvalidInputException("report", "a technical viability report is required");
        }
        if (status == VIABILITY_REPORTED) {
            return new Transition(status, status, null, "new viability report: " + report.conclusion());
        }
        require("given a viability report", REQUESTED);
        return move(VIABILITY_REPORTED, null, "viability report: " + report.conclusion());
    }

    /** The judge orders the measure: VIABILITY_REPORTED → ORDERED; needs a resolution and a VIABLE report. */
    Transition order(Resolution resolution, ViabilityReport latestReport, Long judge, LocalDate start, LocalDate end) {
        require("ordered", VIABILITY_REPORTED);
        if (resolution == null) {
            throw new InvalidInputException("resolutionNumber", "ordering the measure requires a resolution");
        }
        if (latestReport == null) {
            throw new ConflictException(name() + " has no technical viability report; it cannot be ordered");
        }
        if (latestReport.conclusion() != ViabilityReport.Conclusion.VIABLE) {
            throw new ConflictException(name() + ": the technical viability report concludes NOT_VIABLE; "
                    + "a new report concluding VIABLE is required before ordering");
        }
        if (start == null) {
            throw new InvalidInputException("startDate", "required");
        }
        if (end != null && end.isBefore(start)) {
            throw new InvalidInputException("endDate", "ends before it starts (" + end + " is before " + start + ")");
        }
        this.resolutionNumber = resolution.number();
        this.resolutionDate = resolution.date();
        this.judgeId = judge != null ? judge : judgeId;
        this.startDate = start;
        this.endDate = end;
        return move(ORDERED, resolution, null);
    }

    /** ORDERED → INSTALLATION_SCHEDULED (rescheduling keeps the status); needs a monitoring centre. */
    Transition scheduleInstallation(Instant at, String note) {
        if (at == null) {
            throw new InvalidInputException("scheduledAt", "required");
        }
        if (monitoringCentre == null || monitoringCentre.isBlank()) {
            throw new InvalidInputException("monitoringCentre", "a monitoring centre must be assigned to schedule installation");
        }
        if (status == INSTALLATION_SCHEDULED) {
            this.installationAt = at;
            return new Transition(status, status, null, "installation rescheduled to " + at
                    + (note == null ? "" : ": " + note));
        }
        require("scheduled for installation", ORDERED);
        this.installationAt = at;
        return move(INSTALLATION_SCHEDULED, null, "installation scheduled for " + at + (note == null ? "" : ": " + note));
    }

    /** The device is installed: INSTALLATION_SCHEDULED → ACTIVE. An order is activated only once. */
    Transition activate(String note) {
        if (status == ACTIVE) {
            throw new ConflictException(name() + " is ACTIVE; it cannot be activated again");
        }
        if (status == SUSPENDED) {
            throw new ConflictException(name() + " is SUSPENDED; only a resolution lifting the suspension resumes it");
        }
        if (status == ORDERED || status == REQUESTED || status == VIABILITY_REPORTED) {
            throw new ConflictException(name() + " is " + status + "; it can be activated only once its installation "
                    + "is scheduled");
        }
        require("activated", INSTALLATION_SCHEDULED);
        return move(ACTIVE, null, note);
    }

    /** ACTIVE → SUSPENDED by resolution. */
    Transition suspend(Resolution resolution, String note) {
        require("suspended", ACTIVE);
        return move(SUSPENDED, resolution, note);
    }

    /** SUSPENDED → ACTIVE by resolution lifting the suspension. */
    Transition resume(Resolution resolution, String note) {
        require("resumed", SUSPENDED);
        return move(ACTIVE, resolution, note);
    }

    /** ACTIVE or SUSPENDED → COMPLETED (term served). */
    Transition complete(Resolution resolution, String note) {
        require("completed", ACTIVE, SUSPENDED);
        return move(COMPLETED, resolution, note);
    }

    /** ORDERED, INSTALLATION_SCHEDULED, ACTIVE or SUSPENDED → REVOKED by resolution. */
    Transition revoke(Resolution resolution, String note) {
        if (resolution == null) {
            throw new InvalidInputException("resolutionNumber", "revocation requires a resolution");
        }
        require("revoked", ORDERED, INSTALLATION_SCHEDULED, ACTIVE, SUSPENDED);
        return move(REVOKED, resolution, note);
    }

    /** Conditions may be varied while the measure is in force (ORDERED to SUSPENDED). */
    void checkCanVary() {
        require("varied", MEASURE_IN_FORCE.toArray(OrderStatus[]::new));
    }

    /** Warnings (amonestaciones) follow breaches: ACTIVE or SUSPENDED. */
    void checkCanWarn() {
        require("warned", ACTIVE, SUSPENDED);
    }

    String name() {
        return "order " + expediente;
    }

    private void require(String verb, OrderStatus... allowed) {
        if (Arrays.asList(allowed).contains(status)) {
            return;
        }
        String from = Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", "));
        String message = status.isFinal()
                ? name() + " is " + status + " (final); it cannot be " + verb
                : name() + " is " + status + "; it cannot be " + verb + " (only from " + from + ")";
        throw new ConflictException(message);
    }

    private Transition move(OrderStatus to, Resolution resolution, String note) {
        OrderStatus from = status;
        status = to;
        return new Transition(from, to, resolution, note);
    }
}
