package org.alterna.devices;

/** Published after a device is registered. */
public record DeviceRegistered(RegisteredDevice device) {
}
