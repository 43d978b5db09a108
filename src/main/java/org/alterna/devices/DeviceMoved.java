package org.alterna.devices;

/** Published (inside the transaction) after every move of a device in its lifecycle. */
public record DeviceMoved(Movement movement) {
}
