package org.alterna.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order's metadata and lifecycle history, for figures that are recomputed from the history itself (the funnel):
 * no person, no victim, no conditions.
 *
 * @param latestViability the conclusion of the latest technical viability report (VIABLE, NOT_VIABLE) or null
 * @param changes         every transition, oldest first (the first one is the request)
 */
public record OrderTimeline(UUID id, String expediente, String courtCode, String region, Long penalCentreId,
        String penalCentreName, String monitoringCentre, MeasureType measureType, OrderStatus status,
        boolean synthetic, String latestViability, Instant createdAt, List<Change> changes) {

    public OrderTimeline {
        changes = List.copyOf(changes);
    }

    /** One transition: from (null for the request) and to, when. */
    public record Change(OrderStatus from, OrderStatus to, Instant at) {
    }

    /** Which orders: requested within [from, to) (either may be null), of a region, a court, a penal centre. */
    public record Filter(Instant requestedFrom, Instant requestedTo, String region, String courtCode,
            Long penalCentreId) {
    }

    /** When the order first reached {@code status}, or null if it never did. */
    public Instant firstAt(OrderStatus status) {
        for (Change c : changes) {
            if (c.to() == status && c.from() != status) {
                return c.at();
            }
        }
        return null;
    }
}
