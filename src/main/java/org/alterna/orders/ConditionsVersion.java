package org.alterna.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One version of an order's conditions, in force from {@code effectiveFrom} until the next version's. */
public record ConditionsVersion(UUID orderId, int version, String resolutionNumber, LocalDate resolutionDate,
        Instant effectiveFrom, String author, Instant createdAt, Conditions conditions) {
}
