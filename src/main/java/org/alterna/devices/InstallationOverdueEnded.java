package org.alterna.devices;

import java.time.Instant;
import java.util.UUID;

/** Published when an overdue installation is done at last (monitoring started) or its measure ended. */
public record InstallationOverdueEnded(UUID orderId, Instant at) {
}
