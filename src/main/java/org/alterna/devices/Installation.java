package org.alterna.devices;

import static org.alterna.devices.InstallationStatus.ACTIVE;
import static org.alterna.devices.InstallationStatus.CLOSED;
import static org.alterna.devices.InstallationStatus.DUE;
import static org.alterna.devices.InstallationStatus.INSTALLED;
import static org.alterna.devices.InstallationStatus.SCHEDULED;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;

/**
 * The installation due once a measure is ordered, aggregate root: DUE → SCHEDULED (appointment: when, where, who) →
 * INSTALLED (the person's unit fitted) → ACTIVE (first valid fix with the strap closed) or CLOSED (the measure ended).
 * The deadline is fixed when it becomes due; the installer's checklist is ticked step by step, each step once, by the
 * account that did it.
 */
final class Installation {
    final UUID orderId;
    InstallationStatus status;
    Instant dueSince;
    Instant deadline;
    Instant appointmentAt;
    String place;
    String installer;
    String scheduledBy;
    Instant scheduledAt;
    String deviceId;
    Instant installedAt;
    String installedBy;
    Instant activatedAt;
    Instant activationFixAt;
    String activatedBy;
    Instant overdueAlarmAt;
    Instant closedAt;
    String closeReason;
    final Map<ChecklistStep, Step> steps = new EnumMap<>(ChecklistStep.class);

    /** A ticked step of the checklist. */
    record Step(ChecklistStep step, Instant at, String by, String note) {
    }

    Installation(UUID orderId) {
        this.orderId = orderId;
    }

    /** Due from the moment the measure is ordered, with the configured deadline. */
    static Installation due(UUID orderId, Instant since, java.time.Duration deadlineAfter) {
        Installation i = new Installation(orderId);
        i.status = DUE;
        i.dueSince = since;
        i.deadline = since.plus(deadlineAfter);
        return i;
    }

    /** The appointment (a new one replaces it) while nothing is installed yet. */
    void schedule(Instant at, String place, String installer, String by, Instant now) {
        if (at == null) {
            throw new InvalidInputException("at", "the date and time of the appointment are required");
        }
        require("scheduled", DUE, SCHEDULED);
        this.appointmentAt = at;
        this.place = place;
        this.installer = installer;
        this.scheduledBy = by;
        this.scheduledAt = now;
        this.status = SCHEDULED;
    }

    /** The person's unit is fitted. */
    void installed(String device, Instant at, String by) {
        if (status == INSTALLED || status == ACTIVE) {
            throw new ConflictException("the installation of order " + orderId + " is already " + status
                    + (deviceId == null ? "" : " with device " + deviceId));
        }
        require("installed", DUE, SCHEDULED);
        this.deviceId = device;
        this.installedAt = at;
        this.installedBy = by;
        this.status = INSTALLED;
    }

    /** Monitoring started (by the first valid fix with the strap closed, or by hand). */
    void activated(Instant at, Instant fixAt, String by) {
        require("activated", DUE, SCHEDULED, INSTALLED);
        this.activatedAt = at;
        this.activationFixAt = fixAt;
        this.activatedBy = by;
        this.status = ACTIVE;
    }

    /** A step of the checklist, once the unit is fitted. */
    Step tick(ChecklistStep step, Instant at, String by, String note) {
        if (step == null) {
            throw new InvalidInputException("step", "one of " + Arrays.toString(ChecklistStep.values()));
        }
        require("checked off", INSTALLED, ACTIVE);
        Step done = steps.get(step);
        if (done != null) {
            throw new ConflictException(step + " was already checked off by " + done.by() + " at " + done.at());
        }
        Step s = new Step(step, at, by, note);
        steps.put(step, s);
        return s;
    }

    /** The measure ended or was revoked. */
    void close(String reason, Instant at) {
        if (status == CLOSED) {
            return;
        }
        this.status = CLOSED;
        this.closedAt = at;
        this.closeReason = reason;
    }

    /** Past its deadline without monitoring, and not yet alarmed. */
    boolean newlyOverdue(Instant now) {
        return status.open() && now.isAfter(deadline) && overdueAlarmAt == null;
    }

    private void require(String verb, InstallationStatus... allowed) {
        if (Arrays.asList(allowed).contains(status)) {
            return;
        }
        throw new ConflictException("the installation of order " + orderId + " is " + status + "; it can be " + verb
                + " only when " + Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
