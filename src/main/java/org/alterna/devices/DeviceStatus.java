package org.alterna.devices;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a device is in its life: IN_STOCK → RESERVED (for one order) → INSTALLED (on the person) → ACTIVE (monitoring
 * runs) → REMOVED (taken off, awaiting its return) → IN_REPAIR → IN_STOCK; or LOST, DAMAGED, RETIRED. The moves
 * allowed between them are guarded by {@link InventoryDevice}.
 */
public enum DeviceStatus {
    /** On a shelf (warehouse or penal centre), serving nobody. */
    IN_STOCK,
    /** Set aside for one order's installation. */
    RESERVED,
    /** Fitted on the person (or handed to the victim), waiting for its first valid fix to start monitoring. */
    INSTALLED,
    /** Serving an order whose monitoring runs. */
    ACTIVE,
    /** Taken off at the end of the measure (or on revocation, or replaced), not yet back in stock. */
    REMOVED,
    /** With the repairer. */
    IN_REPAIR,
    /** Lost (not returned, thrown away, stolen). */
    LOST,
    /** Found damaged; awaiting repair or write-off. */
    DAMAGED,
    /** Written off: the gateway refuses it. */
    RETIRED;

    /** States in which the unit serves an order (its positions are the case's). */
    public static final Set<DeviceStatus> SERVING = EnumSet.of(INSTALLED, ACTIVE);

    /** States in which the unit should be switched off on a shelf: a report from it is an inventory anomaly. */
    public static final Set<DeviceStatus> SHOULD_BE_SILENT = EnumSet.of(IN_STOCK, IN_REPAIR, DAMAGED, LOST);

    /** Whether the gateway accepts its connections: every state but RETIRED. */
    public boolean acceptedByGateway() {
        return this != RETIRED;
    }
}
