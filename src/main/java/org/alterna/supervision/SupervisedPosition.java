package org.alterna.supervision;

import java.util.UUID;
import org.alterna.telemetry.Fix;

/** A stored fix of a supervised order's unit (the person's or the victim's), with the order's scope, for live views. */
public record SupervisedPosition(UUID orderId, String personName, boolean victimUnit, String courtCode, String region,
        String monitoringCentre, String prosecutor, Fix fix) {
}
