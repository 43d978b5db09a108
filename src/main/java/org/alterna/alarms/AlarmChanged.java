package org.alterna.alarms;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (inside the transaction) for every later action on an alarm: {@code merged}, {@code condition-cleared},
 * {@code acknowledged}, {@code step-completed}, {@code escalated}, {@code sla-missed}, {@code resolved}.
 */
public record AlarmChanged(UUID alarmId, UUID orderId, String action, AlarmStatus from, AlarmStatus to, String actor,
        Instant at) {
}
