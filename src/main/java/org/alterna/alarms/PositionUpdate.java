package org.alterna.alarms;

import java.time.Instant;
import java.util.UUID;

/** The latest position of a monitored person, pushed to the live feed with the order's scope. */
public record PositionUpdate(UUID orderId, String deviceId, String personName, Instant time, double lat, double lon,
        Double accuracy, Integer battery, Boolean charging, String strap, String courtCode, String region,
        String monitoringCentre, String prosecutor) {
}
