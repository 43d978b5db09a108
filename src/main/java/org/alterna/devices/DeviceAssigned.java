package org.alterna.devices;

/** Published after a device is assigned to a judicial order. */
public record DeviceAssigned(Assignment assignment) {
}
