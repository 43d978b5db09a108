package org.alterna.orders;

import java.util.UUID;

/** Published when a judge grants or revokes a police authorisation on an order: live views re-check their scope. */
public record PoliceAuthorisationChanged(UUID orderId) {
}
