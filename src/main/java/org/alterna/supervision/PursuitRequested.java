package org.alterna.supervision;

import java.time.Instant;
import java.util.UUID;

/**
 * The engine suspects a zone, route or proximity breach of the order's person ({@code on}: ask their unit for a
 * position every 15 s, pursuit mode) or no longer does ({@code on} false: restore the normal interval). Published by
 * the live shell on each change of {@link SupervisionEngine#breachSuspected}; whoever sends commands acts on it.
 */
public record PursuitRequested(UUID orderId, boolean on, Instant at) {
}
