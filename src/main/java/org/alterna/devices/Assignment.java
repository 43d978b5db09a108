package org.alterna.devices;

import java.time.Instant;
import java.util.UUID;

/**
 * A device serving a judicial order during [from, until); {@code until} null means open-ended.
 *
 * @param id       assignment id
 * @param deviceId the device's unique id
 * @param orderId  the judicial order (orders capability) by id
 * @param role     person's unit or victim's unit
 * @param from     start (inclusive, UTC)
 * @param until    end (exclusive, UTC) or null
 */
public record Assignment(long id, String deviceId, UUID orderId, AssignmentRole role, Instant from, Instant until) {

    /** Whether the assignment is in force at {@code t}. */
    public boolean activeAt(Instant t) {
        return !from.isAfter(t) && (until == null || until.isAfter(t));
    }
}
