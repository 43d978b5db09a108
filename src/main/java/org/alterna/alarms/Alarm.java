package org.alterna.alarms;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.supervision.AlarmType;

/**
 * An alarm as a ticket of the alarm desk: the aggregate that guards its lifecycle. OPEN → ACKNOWLEDGED → RESOLVED;
 * ESCALATED from OPEN or ACKNOWLEDGED, after which it can still be acknowledged (if it was not) and resolved.
 * Resolving needs a resolution code and a note. The condition ending (person back home) is recorded but does not
 * resolve the alarm: a person must.
 */
public final class Alarm {
    private final UUID id;
    private final UUID orderId;
    private final String deviceId;
    private final String deviceModel;
    private final String type;
    private final Severity severity;
    private final String zone;
    private final Scope scope;
    private final Instant createdAt;
    private final Instant ackDueAt;
    private final Instant resolveDueAt;
    private final boolean late;
    private final Instant signalRaisedAt;
    private AlarmStatus status;
    private Instant conditionStart;
    private Instant conditionEndedAt;
    private int flaps;
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    private Instant escalatedAt;
    private String escalatedBy;
    private String escalationReason;
    private Instant resolvedAt;
    private String resolvedBy;
    private ResolutionCode resolutionCode;
    private String resolutionNote;
    private boolean slaAckMissed;
    private boolean slaResolveMissed;

    /** Who may see the alarm: copied from its order when it is raised. */
    public record Scope(String personName, String courtCode, String region, String monitoringCentre,
            String prosecutor) {
    }

    /** Everything stored; used by the repository to rebuild an alarm. */
    record State(UUID id, UUID orderId, String deviceId, String deviceModel, String type, Severity severity,
            String zone, Scope scope, Instant createdAt, Instant ackDueAt, Instant resolveDueAt, boolean late,
            Instant signalRaisedAt, AlarmStatus status, Instant conditionStart, Instant conditionEndedAt, int flaps,
            Instant acknowledgedAt, String acknowledgedBy, Instant escalatedAt, String escalatedBy,
            String escalationReason, Instant resolvedAt, String resolvedBy, ResolutionCode resolutionCode,
            String resolutionNote, boolean slaAckMissed, boolean slaResolveMissed) {
    }

    Alarm(State s) {
        this.id = s.id();
        this.orderId = s.orderId();
        this.deviceId = s.deviceId();
        this.deviceModel = s.deviceModel();
        this.type = s.type();
        this.severity = s.severity();
        this.zone = s.zone();
        this.scope = s.scope();
        this.createdAt = s.createdAt();
        this.ackDueAt = s.ackDueAt();
        this.resolveDueAt = s.resolveDueAt();
        this.late = s.late();
        this.signalRaisedAt = s.signalRaisedAt();
        this.status = s.status();
        this.conditionStart = s.conditionStart();
        this.conditionEndedAt = s.conditionEndedAt();
        this.flaps = s.flaps();
        this.acknowledgedAt = s.acknowledgedAt();
        this.acknowledgedBy = s.acknowledgedBy();
        this.escalatedAt = s.escalatedAt();
        this.escalatedBy = s.escalatedBy();
        this.escalationReason = s.escalationReason();
        this.resolvedAt = s.resolvedAt();
        this.resolvedBy = s.resolvedBy();
        this.resolutionCode = s.resolutionCode();
        this.resolutionNote = s.resolutionNote();
        this.slaAckMissed = s.slaAckMissed();
        this.slaResolveMissed = s.slaResolveMissed();
    }

    /** A new OPEN alarm for a signal; SLA deadlines run from {@code now} (when the desk received it). */
    static Alarm open(AlarmSignal signal, Scope scope, Instant now, Duration ackSla, Duration resolveSla) {
        String type = AlarmType.normalise(signal.type());
        return new Alarm(new State(UUID.randomUUID(), signal.orderId(), signal.deviceId(), signal.deviceModel(), type,
                Severity.ofType(type), blankToNull(signal.zone()), scope, now, now.plus(ackSla),
                now.plus(resolveSla), signal.late(), signal.raisedAt(), AlarmStatus.OPEN,
                signal.start() == null ? now : signal.start(), null, 0, null, null, null, null, null, null, null,
                null, null, false, false));
    }

    State state() {
        return new State(id, orderId, deviceId, deviceModel, type, severity, zone, scope, createdAt, ackDueAt,
                resolveDueAt, late, signalRaisedAt, status, conditionStart, conditionEndedAt, flaps, acknowledgedAt,
                acknowledgedBy, escalatedAt, escalatedBy, escalationReason, resolvedAt, resolvedBy, resolutionCode,
                resolutionNote, slaAckMissed, slaResolveMissed);
    }

    // ---- behaviour -------------------------------------------------------------------------------------------

    /** The same condition signalled again: keep the earliest start; a cleared condition is ongoing again (flap). */
    void merge(Instant start) {
        requireNotResolved("merged");
        if (start != null && start.isBefore(conditionStart)) {
            conditionStart = start;
        }
        if (conditionEndedAt != null) {
            conditionEndedAt = null;
            flaps++;
        }
    }

    void conditionEnded(Instant at) {
        if (conditionEndedAt == null) {
            conditionEndedAt = at;
        }
    }

    void acknowledge(String who, Instant now) {
        requireNotResolved("acknowledged");
        if (acknowledgedAt != null) {
            throw new ConflictException("alarm " + id + " was already acknowledged by " + acknowledgedBy);
        }
        acknowledgedAt = now;
        acknowledgedBy = who;
        if (status == AlarmStatus.OPEN) {
            status = AlarmStatus.ACKNOWLEDGED;
        }
    }

    void escalate(String who, Instant now, String reason) {
        requireNotResolved("escalated");
        if (status == AlarmStatus.ESCALATED) {
            throw new ConflictException("alarm " + id + " is already ESCALATED");
        }
        status = AlarmStatus.ESCALATED;
        escalatedAt = now;
        escalatedBy = who;
        escalationReason = reason;
    }

    void resolve(String who, Instant now, ResolutionCode code, String note) {
        if (code == null) {
            throw new InvalidInputException("code",
                    "a resolution code is required: CONFIRMED_VIOLATION, TECHNICAL, FALSE_ALARM or AUTHORISED");
        }
        if (note == null || note.isBlank()) {
            throw new InvalidInputException("note", "a note explaining the resolution is required");
        }
        if (note.length() > 4000) {
            throw new InvalidInputException("note", "must be at most 4000 characters");
        }
        requireNotResolved("resolved");
        if (status == AlarmStatus.OPEN) {
            throw new ConflictException("alarm " + id + " is OPEN: acknowledge it before resolving it");
        }
        status = AlarmStatus.RESOLVED;
        resolvedAt = now;
        resolvedBy = who;
        resolutionCode = code;
        resolutionNote = note.trim();
    }

    /** The acknowledgement SLA passed: flagged once; returns whether this call flagged it. */
    boolean missAckSla(Instant now) {
        if (slaAckMissed || acknowledgedAt != null || status == AlarmStatus.RESOLVED || now.isBefore(ackDueAt)) {
            return false;
        }
        slaAckMissed = true;
        return true;
    }

    boolean missResolveSla(Instant now) {
        if (slaResolveMissed || status == AlarmStatus.RESOLVED || now.isBefore(resolveDueAt)) {
            return false;
        }
        slaResolveMissed = true;
        return true;
    }

    /** Escalation by the SLA checker: no-op if already escalated. */
    boolean escalateForSla(Instant now, String reason) {
        if (status == AlarmStatus.ESCALATED || status == AlarmStatus.RESOLVED) {
            return false;
        }
        escalate("system", now, reason);
        return true;
    }

    private void requireNotResolved(String verb) {
        if (status == AlarmStatus.RESOLVED) {
            throw new ConflictException("alarm " + id + " is RESOLVED; it cannot be " + verb);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    public UUID id() { return id; }
    public UUID orderId() { return orderId; }
    public String deviceId() { return deviceId; }
    public String deviceModel() { return deviceModel; }
    public String type() { return type; }
    public Severity severity() { return severity; }
    public String zone() { return zone; }
    public Scope scope() { return scope; }
    public Instant createdAt() { return createdAt; }
    public Instant ackDueAt() { return ackDueAt; }
    public Instant resolveDueAt() { return resolveDueAt; }
    public boolean late() { return late; }
    public Instant signalRaisedAt() { return signalRaisedAt; }
    public AlarmStatus status() { return status; }
    public Instant conditionStart() { return conditionStart; }
    public Instant conditionEndedAt() { return conditionEndedAt; }
    public int flaps() { return flaps; }
    public Instant acknowledgedAt() { return acknowledgedAt; }
    public String acknowledgedBy() { return acknowledgedBy; }
    public Instant escalatedAt() { return escalatedAt; }
    public String escalatedBy() { return escalatedBy; }
    public String escalationReason() { return escalationReason; }
    public Instant resolvedAt() { return resolvedAt; }
    public String resolvedBy() { return resolvedBy; }
    public ResolutionCode resolutionCode() { return resolutionCode; }
    public String resolutionNote() { return resolutionNote; }
    public boolean slaAckMissed() { return slaAckMissed; }
    public boolean slaResolveMissed() { return slaResolveMissed; }

    /** The deadline that matters now: acknowledgement until acknowledged, then resolution; null once resolved. */
    public Instant nextDeadline() {
        if (status == AlarmStatus.RESOLVED) {
            return null;
        }
        return acknowledgedAt == null ? ackDueAt : resolveDueAt;
    }
}
