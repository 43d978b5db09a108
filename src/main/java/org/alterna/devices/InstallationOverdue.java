package org.alterna.devices;

import java.time.Instant;
import java.util.UUID;

/**
 * Published once when an order's installation passes its deadline without monitoring having started: the alarm desk
 * turns it into an INSTALLATION_OVERDUE alarm for the supervisors of the order.
 *
 * @param orderId  the order
 * @param status   where the installation stands (DUE: no appointment, SCHEDULED, INSTALLED: no valid fix yet)
 * @param dueSince when the measure was ordered
 * @param deadline the deadline that passed
 * @param deviceId the person's unit, when one is reserved or installed
 * @param at       when it was found overdue
 */
public record InstallationOverdue(UUID orderId, InstallationStatus status, Instant dueSince, Instant deadline,
        String deviceId, Instant at) {
}
