package org.alterna.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Demo data only: spreads the history of a synthetic order (one created with {@code synthetic: true}) over the past,
 * so that figures computed from histories tell a story on the first start. Refuses any other order.
 */
public interface SyntheticHistory {

    /**
     * Re-dates the order's transitions, oldest first, to {@code at} (as many as given; the request also re-dates the
     * order's creation). Audited.
     */
    void redate(UUID orderId, List<Instant> at);
}
