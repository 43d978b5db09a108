package org.alterna.gateway;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's way back to connected devices, for whoever sends them commands. OsmAnd (Traccar Client) has no
 * return channel: its devices are never {@link #connection connected} here.
 */
public interface DeviceLink {

    /** The device's open TCP connection, if it has one and was admitted on it. */
    Optional<Connected> connection(String deviceId);

    /**
     * Writes {@code bytes} to the device's open connection, in order with the acknowledgements. Teltonika takes a
     * command only on a session whose data was acknowledged, so there the bytes wait for the first acknowledgement
     * of the connection. Completes {@code true} once written, {@code false} if the device is not connected or the
     * connection closed first. {@code answeredByRecord}: the device answers with a record, not a text (Teltonika
     * {@code getrecord}), so the next records stored from this connection after the write are published as its
     * {@link DeviceAnswered answer}.
     */
    CompletableFuture<Boolean> send(String deviceId, byte[] bytes, boolean answeredByRecord);

    /** An admitted connection: the device's protocol and model profile name. */
    record Connected(String deviceId, String protocol, String model) {
    }
}
