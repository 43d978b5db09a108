package org.alterna.orders;

import java.time.Instant;
import java.util.UUID;
import org.alterna.identity.Actor;

/**
 * The lifecycle steps other capabilities drive (the installation of a device schedules the order and its first valid
 * fix activates it), checked exactly as the order API checks them: the actor's role and scope, and the order's own
 * guards (409 with the reason).
 */
public interface OrderLifecycle {

    /**
     * Schedules (or reschedules) the installation: ORDERED → INSTALLATION_SCHEDULED. {@code monitoringCentre} may
     * assign the centre that will monitor the case (null keeps the order's; one is required).
     */
    OrderView scheduleInstallation(UUID orderId, Instant at, String monitoringCentre, String note, Actor actor);

    /** Monitoring starts: INSTALLATION_SCHEDULED → ACTIVE (once). */
    OrderView startMonitoring(UUID orderId, String note, Actor actor);
}
