package org.alterna.orders;

import java.time.Instant;
import java.util.UUID;

/** Published (synchronously, inside the transaction) after every lifecycle transition of an order. */
public record OrderStatusChanged(UUID orderId, OrderStatus from, OrderStatus to, Instant at) {
}
