package org.alterna.alarms;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A condition detected by the supervision engine (or a device alarm) for an order, handed to {@link AlarmIntake}; or a
 * condition of a device serving no order (an inventory alarm: {@code orderId} null, {@code holdingRegion} the region
 * that holds the device, whose supervisors see it).
 *
 * @param orderId     the judicial order whose rule is breached
 * @param deviceId    the device that reported it
 * @param deviceModel the device model (nullable), for the figures by model
 * @param type        an {@link org.alterna.supervision.AlarmType} name; unknown names are accepted as SERIOUS
 * @param zone        the zone id of zone rules (nullable)
 * @param start       when the condition started (event time, UTC)
 * @param raisedAt    when the engine raised it
 * @param late        whether the evidence arrived late (passive devices upload hourly)
 * @param evidence    the fixes that show the condition
 * @param holdingRegion for an alarm about a device serving no order: the region holding it (else ignored)
 */
public record AlarmSignal(UUID orderId, String deviceId, String deviceModel, String type, String zone, Instant start,
        Instant raisedAt, boolean late, List<EvidenceFix> evidence, String holdingRegion) {

    public AlarmSignal {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A signal about an order. */
    public AlarmSignal(UUID orderId, String deviceId, String deviceModel, String type, String zone, Instant start,
            Instant raisedAt, boolean late, List<EvidenceFix> evidence) {
        this(orderId, deviceId, deviceModel, type, zone, start, raisedAt, late, evidence, null);
    }

    /** A signal about a device serving no order, held in stock by {@code holdingRegion} (null: administrators only). */
    public static AlarmSignal forDevice(String deviceId, String deviceModel, String type, Instant start,
            String holdingRegion, List<EvidenceFix> evidence) {
        return new AlarmSignal(null, deviceId, deviceModel, type, null, start, start, false, evidence, holdingRegion);
    }
}
