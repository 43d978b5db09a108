package org.alterna.devices;

import java.time.Instant;
import java.util.UUID;

/**
 * One move of a device in its lifecycle, as recorded: from which state to which, when, by whom, why, for which order
 * (reservation, installation, activation, removal, return) and where it went.
 *
 * @param from         previous state (null for its registration)
 * @param to           new state
 * @param at           when (UTC)
 * @param by           the account that made it ({@code system} for Alterna itself)
 * @param reason       why
 * @param orderId      the order concerned, or null
 * @param locationType where it went, or null when unknown
 * @param locationRef  which warehouse, establishment or installer, or null
 */
public record Movement(long id, String deviceId, DeviceStatus from, DeviceStatus to, Instant at, String by,
        String reason, UUID orderId, LocationType locationType, String locationRef) {
}
