package org.alterna.supervision;

import java.util.UUID;

/**
 * Published (after the engine's event is stored) for every alarm change of a supervised order, with what the alarm
 * desk and the live console need to route it: the order and its scope.
 */
public record SupervisedAlarm(UUID orderId, String personName, String courtCode, String region,
        String monitoringCentre, String prosecutor, String deviceModel, AlarmEvent event) {
}
