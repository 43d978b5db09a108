package org.alterna.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (inside the transaction) when a synthetic order's history was spread over the past (demo data): what
 * follows the order's dates (its installation's deadline) follows them too.
 *
 * @param orderedAt when the order now says it was ordered, or null if it never was
 */
public record SyntheticHistoryRedated(UUID orderId, Instant orderedAt) {
}
