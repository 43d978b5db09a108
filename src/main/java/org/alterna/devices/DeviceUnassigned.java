package org.alterna.devices;

/** Published after a device's assignment to an order is ended ({@code assignment.until()} is set). */
public record DeviceUnassigned(Assignment assignment) {
}
