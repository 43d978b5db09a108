package org.alterna.alarms;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A condition detected by the supervision engine (or a device alarm) for an order, handed to {@link AlarmIntake}.
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
 */
public record AlarmSignal(UUID orderId, String deviceId, String deviceModel, String type, String zone, Instant start,
        Instant raisedAt, boolean late, List<EvidenceFix> evidence) {

    public AlarmSignal {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
