package org.alterna.devices;

import org.alterna.orders.OrderStatusChanged;
import org.alterna.orders.SyntheticHistoryRedated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Follows the orders' lifecycle, inside the transaction of each change: ORDERED makes an installation due, a schedule
 * set on the order becomes the appointment, ACTIVE starts the installed units' service, and the end of the measure
 * (COMPLETED) or its revocation takes the units off (REMOVED, awaiting their return) and releases reservations.
 */
@Component
class OrderFollower {
    private final Installations installations;

    OrderFollower(Installations installations) {
        this.installations = installations;
    }

    @EventListener
    void on(OrderStatusChanged e) {
        if (e.to() == null) {
            return;
        }
        switch (e.to()) {
            case ORDERED -> installations.ordered(e.orderId(), e.at());
            case INSTALLATION_SCHEDULED -> installations.scheduledByOrder(e.orderId(), e.at());
            case ACTIVE -> installations.activatedByOrder(e.orderId(), e.at());
            case COMPLETED, REVOKED -> installations.ended(e.orderId(), e.to(), e.at());
            default -> { }
        }
    }

    /** A demo order's history was spread over the past: its installation's due date and deadline follow. */
    @EventListener
    void on(SyntheticHistoryRedated e) {
        if (e.orderedAt() != null) {
            installations.redated(e.orderId(), e.orderedAt());
        }
    }
}
