package org.alterna.orders;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Re-dates and places synthetic orders (demo data), never a real one. */
@Service
class SyntheticOrders implements SyntheticHistory {
    private final OrderRepository orders;
    private final ApplicationEventPublisher events;

    SyntheticOrders(OrderRepository orders, ApplicationEventPublisher events) {
        this.orders = orders;
        this.events = events;
    }

    @Override
    @Transactional
    public void redate(UUID orderId, List<Instant> at) {
        JudicialOrder o = orders.load(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
        if (!o.synthetic) {
            throw new ConflictException(o.name() + " is not synthetic: a real order's history is never re-dated");
        }
        orders.redate(orderId, at);
        events.publishEvent(new SyntheticHistoryRedated(orderId, orders.firstReached(orderId, OrderStatus.ORDERED)));
        events.publishEvent(new Audited("order.synthetic-redate", "JudicialOrder", orderId.toString(),
                "synthetic history spread from " + (at.isEmpty() ? "-" : at.get(0)) + " over " + at.size()
                        + " transitions"));
    }

    @Override
    @Transactional
    public void relocate(UUID orderId, String region, String courtCode, Long penalCentreId) {
        JudicialOrder o = orders.load(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
        if (!o.synthetic) {
            throw new ConflictException(o.name() + " is not synthetic: a real order is never moved by demo data");
        }
        orders.relocate(orderId, region, courtCode, penalCentreId);
        events.publishEvent(new Audited("order.synthetic-relocate", "JudicialOrder", orderId.toString(),
                "synthetic case placed in " + region + ", court " + courtCode
                        + (penalCentreId == null ? "" : ", penal centre " + penalCentreId)));
    }
}
