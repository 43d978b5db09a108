package org.alterna.orders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Read access to orders for other modules (supervision engine, alarms, reports). Not scoped: callers acting for a
 * user must check {@link OrderScope} first.
 */
public interface Orders {

    Optional<OrderView> find(UUID orderId);

    /** Orders whose monitoring is running (status ACTIVE). */
    List<OrderView> active();

    /** The ACTIVE orders {@code actor} may see (filtered in SQL by {@link OrderScope}). */
    List<OrderView> active(org.alterna.identity.Actor actor);

    /**
     * The conditions in force at {@code at}: the latest version whose effective-from is not after {@code at} — a breach
     * is judged against these. Throws {@link org.alterna.common.NotFoundException} if the order does not exist or had
     * no conditions yet at that instant.
     */
    ConditionsVersion conditionsAsOf(UUID orderId, Instant at);

    /** Every version of the order's conditions, oldest first (empty before the order resolution). */
    List<ConditionsVersion> versions(UUID orderId);

    /**
     * The victim protected by the order, if it has one. Callers acting for a user show it only where
     * {@link OrderScope#canSeeVictim} allows, and audit the read.
     */
    Optional<Victim> victim(UUID orderId);

    /**
     * The orders {@code actor} may see (filtered in SQL by {@link OrderScope}) that match the filter, with their
     * lifecycle history, oldest request first: for figures recomputed from the history.
     */
    List<OrderTimeline> timelines(org.alterna.identity.Actor actor, OrderTimeline.Filter filter);
}
