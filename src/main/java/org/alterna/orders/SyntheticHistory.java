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

    /**
     * Places the order in another INPE region, before another court (its judge is then unset: a judge sits in one
     * court) and, unless null, with another penal centre. Audited.
     */
    void relocate(UUID orderId, String region, String courtCode, Long penalCentreId);
}
