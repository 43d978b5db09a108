package org.alterna.orders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.alterna.common.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
class OrderQueries implements Orders {
    private final OrderRepository repository;
    private final OrderScope scope;

    OrderQueries(OrderRepository repository, OrderScope scope) {
        this.repository = repository;
        this.scope = scope;
    }

    @Override
    public Optional<OrderView> find(UUID orderId) {
        return repository.view(orderId);
    }

    @Override
    public List<OrderView> active() {
        return repository.viewsWithStatus(OrderStatus.ACTIVE);
    }

    @Override
    public List<OrderView> active(org.alterna.identity.Actor actor) {
        return repository.viewsWithStatus(OrderStatus.ACTIVE, scope.onOrders(actor, "o"));
    }

    @Override
    public ConditionsVersion conditionsAsOf(UUID orderId, Instant at) {
        if (repository.load(orderId).isEmpty()) {
            throw new NotFoundException("no order " + orderId);
        }
        return repository.versionAsOf(orderId, at).orElseThrow(
                () -> new NotFoundException("order " + orderId + " had no conditions in force at " + at));
    }

    @Override
    public Optional<Victim> victim(UUID orderId) {
        return repository.victim(orderId);
    }

    @Override
    public List<ConditionsVersion> versions(UUID orderId) {
        return repository.versions(orderId);
    }

    @Override
    public List<OrderTimeline> timelines(org.alterna.identity.Actor actor, OrderTimeline.Filter filter) {
        return repository.timelines(scope.onOrders(actor, "o"), filter == null
                ? new OrderTimeline.Filter(null, null, null, null, null) : filter);
    }
}
