package org.alterna.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (synchronously, inside the transaction) when a version of an order's conditions is recorded: version 1
 * with the order resolution, later versions with variations. Version {@code version} is in force from
 * {@code effectiveFrom}.
 */
public record OrderConditionsVaried(UUID orderId, int version, Instant effectiveFrom) {
}
