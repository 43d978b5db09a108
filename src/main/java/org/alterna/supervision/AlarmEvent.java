package org.alterna.supervision;

import java.time.Instant;
import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * One change of an alarm: {@link Kind#RAISED} opens it (end null), {@link Kind#CLEARED} closes the alarm with the same
 * {@link #alarmId()} (end set), RETRACTED withdraws it. The live alarm desk persists RAISED as a new ticket and closes
 * it on CLEARED.
 *
 * @param kind     raised or cleared
 * @param alarmId  stable id of the alarm ({@code type/zone/startEpochSecond}), equal in its RAISED and CLEARED events
 * @param deviceId the supervised device (from the fixes), may be null in replay
 * @param type     the rule
 * @param zone     zone or route id for zone alarms, else null
 * @param start    best estimate of when the violation began
 * @param end      when it ended (CLEARED), else null
 * @param raisedAt device time of the fix that triggered the alarm (NO_COMMUNICATION: when silence exceeded the limit)
 * @param late     raised or cleared from fixes that reached the server late
 * @param evidence a few fixes that support the decision
 */
public record AlarmEvent(Kind kind, String alarmId, String deviceId, AlarmType type, String zone, Instant start,
        Instant end, Instant raisedAt, boolean late, List<Evidence> evidence) {

    public AlarmEvent {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /**
     * RAISED opens an alarm, CLEARED closes it; RETRACTED withdraws an alarm reported earlier that a re-evaluation
     * with late (out-of-order) fixes no longer supports.
     */
    public enum Kind { RAISED, CLEARED, RETRACTED }

    /** A fix shown as evidence for an alarm. */
    public record Evidence(Instant time, double lat, double lon, Double accuracy, Fix.PositionSource source) {
        static Evidence of(Fix f) {
            return new Evidence(f.deviceTime(), f.latitude(), f.longitude(), f.accuracyMeters(), f.source());
        }
    }

    static String idOf(AlarmType type, String zone, Instant start) {
        return type + "/" + (zone == null ? "" : zone) + "/" + start.getEpochSecond();
    }
}
