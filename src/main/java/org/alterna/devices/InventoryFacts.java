package org.alterna.devices;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.identity.Actor;

/**
 * The inventory's records for figures recomputed from history (the funnel): installations of orders, devices the
 * caller may see with their state, and their moves. Read-only; scoped where it concerns devices.
 */
public interface InventoryFacts {

    /** The installation of an order as a fact: when it became due, its deadline, appointment, fitting, activation. */
    record InstallationFact(UUID orderId, InstallationStatus status, Instant dueSince, Instant deadline,
            Instant appointmentAt, Instant installedAt, Instant activatedAt, String deviceId,
            Instant firstPersonUnitFrom) {
    }

    /** A device as a fact: what it is, its state since when, which region holds it and where it is. */
    record DeviceFact(String deviceId, DeviceKind kind, DeviceStatus status, Instant statusSince,
            String holdingRegion, LocationType locationType, String locationRef, UUID orderId) {
    }

    /** The installations of these orders (none for an order not ordered yet), by order. */
    Map<UUID, InstallationFact> installations(Collection<UUID> orderIds);

    /** The devices {@code actor} may see (see {@code OrderScope.onDevices}). */
    List<DeviceFact> devices(Actor actor);

    /** The moves since {@code since} of the devices {@code actor} may see, oldest first. */
    List<Movement> movements(Actor actor, Instant since);

    /** The inventory's settings (deadline, return and idle thresholds, forecast window). */
    DeviceSettings settings();
}
