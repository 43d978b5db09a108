package org.alterna.telemetry;

/**
 * A stored record at its place in the record log: a fix, or a device event ({@code !fix.hasPosition()}), with its log
 * sequence number. Sequence numbers follow the order in which the store took the records from the devices' messages;
 * a resent record that was already stored keeps its first number and is not logged again.
 */
public record LoggedRecord(long seq, Fix fix) {
}
