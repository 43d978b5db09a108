package org.alterna.alarms;

import java.time.Instant;
import java.util.UUID;

/** Published (inside the transaction) when a new alarm is created. */
public record AlarmRaised(UUID alarmId, UUID orderId, String type, Severity severity, String zone,
        Instant conditionStart, Instant at) {
}
