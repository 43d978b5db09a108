package org.alterna.devices;

import java.time.Instant;

/** Published after a device is retired: the gateway closes its connections and refuses it from now on. */
public record DeviceRetired(String uniqueId, Instant at) {
}
