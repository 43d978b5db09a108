package org.alterna.devices;

import static org.alterna.devices.DeviceStatus.ACTIVE;
import static org.alterna.devices.DeviceStatus.DAMAGED;
import static org.alterna.devices.DeviceStatus.INSTALLED;
import static org.alterna.devices.DeviceStatus.IN_REPAIR;
import static org.alterna.devices.DeviceStatus.IN_STOCK;
import static org.alterna.devices.DeviceStatus.LOST;
import static org.alterna.devices.DeviceStatus.REMOVED;
import static org.alterna.devices.DeviceStatus.RESERVED;
import static org.alterna.devices.DeviceStatus.RETIRED;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;

/**
 * A device's place in the inventory, aggregate root of its lifecycle. Every move checks the current state (an illegal
 * one is a {@link ConflictException}, answered 409, naming what is allowed), changes state, order and location, and
 * returns the {@link Move} to record. One order at a time: a unit is reserved for, installed on and active for a single
 * order, and leaves it only by being released, removed, lost or damaged.
 * <pre>
 * IN_STOCK → RESERVED → INSTALLED → ACTIVE → REMOVED → IN_REPAIR → IN_STOCK
 *   RESERVED → IN_STOCK (reservation released)      REMOVED → IN_STOCK (returned in good order)
 *   INSTALLED → REMOVED (taken off before activation) IN_STOCK → IN_REPAIR (found faulty on the shelf)
 *   any state but RETIRED → LOST, DAMAGED;  LOST → IN_STOCK (found);  DAMAGED → IN_REPAIR
 *   IN_STOCK, REMOVED, IN_REPAIR, LOST, DAMAGED → RETIRED (written off; final)
 * </pre>
 */
final class InventoryDevice {
    final String id;
    DeviceStatus status;
    UUID orderId;
    LocationType locationType;
    String locationRef;

    InventoryDevice(String id, DeviceStatus status, UUID orderId, LocationType locationType, String locationRef) {
        this.id = id;
        this.status = status;
        this.orderId = orderId;
        this.locationType = locationType;
        this.locationRef = locationRef;
    }

    /** A change to record: the states, the reason, the order concerned and where the unit went. */
    record Move(DeviceStatus from, DeviceStatus to, String reason, UUID orderId, LocationType locationType,
            String locationRef) {
    }

    /** Set aside for an order's installation: IN_STOCK → RESERVED. */
    Move reserve(UUID order, String reason) {
        Objects.requireNonNull(order, "order");
        if (status == RESERVED && order.equals(orderId)) {
            throw new ConflictException(name() + " is already reserved for this order");
        }
        if (status == RESERVED || serving(status)) {
            throw new ConflictException(name() + " is " + status + " for another order: a device serves one order "
                    + "at a time");
        }
        require("reserved", IN_STOCK);
        orderId = order;
        return move(RESERVED, reason, order, locationType, locationRef);
    }

    /** The reservation is given up: RESERVED → IN_STOCK. */
    Move release(String reason) {
        require("released", RESERVED);
        UUID order = orderId;
        orderId = null;
        return move(IN_STOCK, reason, order, locationType == null ? LocationType.WAREHOUSE : locationType, locationRef);
    }

    /** Fitted on the person (or handed to the victim) for the order it is reserved for: RESERVED → INSTALLED. */
    Move install(UUID order, String reason) {
        if (status == RESERVED && !Objects.equals(orderId, order)) {
            throw new ConflictException(name() + " is reserved for another order: a device serves one order at a time");
        }
        if (serving(status)) {
            throw new ConflictException(name() + " is " + status + (Objects.equals(orderId, order) ? " for this order"
                    : " for another order: a device serves one order at a time"));
        }
        require("installed", RESERVED);
        return move(INSTALLED, reason, order, LocationType.WEARER, null);
    }

    /** Monitoring starts: INSTALLED → ACTIVE, for the order it is installed for. */
    Move activate(UUID order, String reason) {
        if (status == INSTALLED && !Objects.equals(orderId, order)) {
            throw new ConflictException(name() + " is installed for another order");
        }
        require("activated", INSTALLED);
        return move(ACTIVE, reason, orderId, LocationType.WEARER, null);
    }

    /** Taken off the person (end of the measure, revocation, replacement): INSTALLED or ACTIVE → REMOVED. */
    Move remove(String reason, LocationType to, String ref) {
        require("removed", INSTALLED, ACTIVE);
        return move(REMOVED, reason, orderId, to == null ? LocationType.INSTALLER : to, ref);
    }

    /** Back on a shelf: REMOVED (returned), IN_REPAIR (repaired) or LOST (found) → IN_STOCK. */
    Move returnToStock(String reason, LocationType to, String ref) {
        if (status == RESERVED) {
            return release(reason);
        }
        require("returned to stock", REMOVED, IN_REPAIR, LOST);
        UUID order = orderId;
        orderId = null;
        return move(IN_STOCK, reason, order, to == null ? LocationType.WAREHOUSE : to, ref);
    }

    /** To the repairer: REMOVED, DAMAGED or IN_STOCK (found faulty) → IN_REPAIR. */
    Move sendToRepair(String reason, String repairer) {
        require("sent to repair", REMOVED, DAMAGED, IN_STOCK);
        UUID order = orderId;
        orderId = null;
        return move(IN_REPAIR, reason, order, null, repairer);
    }

    /** Lost: from any state but RETIRED (a unit in use stops serving its order). */
    Move lose(String reason) {
        if (status == LOST || status == RETIRED) {
            throw new ConflictException(name() + " is " + status + (status == RETIRED ? " (final)" : " already"));
        }
        return move(LOST, reason, orderId, null, null);
    }

    /** Found damaged: from any state but RETIRED (a unit in use stops serving its order). */
    Move damage(String reason) {
        if (status == DAMAGED || status == RETIRED) {
            throw new ConflictException(name() + " is " + status + (status == RETIRED ? " (final)" : " already"));
        }
        return move(DAMAGED, reason, orderId, locationType, locationRef);
    }

    /** Written off: IN_STOCK, REMOVED, IN_REPAIR, LOST or DAMAGED → RETIRED (the gateway refuses it from now on). */
    Move retire(String reason) {
        if (status == RESERVED || serving(status)) {
            throw new ConflictException(name() + " is " + status + " for an order: release or remove it before "
                    + "retiring it");
        }
        require("retired", IN_STOCK, REMOVED, IN_REPAIR, LOST, DAMAGED);
        UUID order = orderId;
        orderId = null;
        return move(RETIRED, reason, order, locationType, locationRef);
    }

    /**
     * The manual move to {@code target} asked for by a user (return, repair, loss, damage, write-off, removal);
     * reservation, installation and activation go through an order's installation instead.
     */
    Move moveTo(DeviceStatus target, String reason, LocationType to, String ref) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the device moves (it is kept in its history)");
        }
        return switch (target) {
            case IN_STOCK -> returnToStock(reason, to, ref);
            case IN_REPAIR -> sendToRepair(reason, ref);
            case LOST -> lose(reason);
            case DAMAGED -> damage(reason);
            case RETIRED -> retire(reason);
            case REMOVED -> remove(reason, to, ref);
            case RESERVED, INSTALLED, ACTIVE -> throw new InvalidInputException("status", "a device is " + target
                    + " through the installation of an order (appointment, installation, first valid fix)");
        };
    }

    String name() {
        return "device " + id;
    }

    private static boolean serving(DeviceStatus s) {
        return DeviceStatus.SERVING.contains(s);
    }

    private void require(String verb, DeviceStatus... allowed) {
        if (Arrays.asList(allowed).contains(status)) {
            return;
        }
        String from = Arrays.stream(allowed).map(Enum::name).collect(Collectors.joining(", "));
        throw new ConflictException(status == RETIRED ? name() + " is RETIRED (final); it cannot be " + verb
                : name() + " is " + status + "; it can be " + verb + " only from " + from);
    }

    private Move move(DeviceStatus to, String reason, UUID order, LocationType where, String ref) {
        DeviceStatus from = status;
        status = to;
        locationType = where;
        locationRef = ref;
        return new Move(from, to, reason, order, where, ref);
    }
}
