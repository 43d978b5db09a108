package org.alterna.gateway;

/**
 * A device answered a command (Teltonika Codec 12/14 response, GT06 0x15/0x21, H02 {@code V4}), after what came with
 * it was stored. Published on the connection's event loop: listeners must not block.
 *
 * @param serverFlag the GT06 server flag echoed from the command, or null (the other protocols echo nothing)
 * @param text       the response text
 * @param position   whether the answer carried a position (stored as a fix)
 * @param refused    the device said it did not take the command (Teltonika Codec 14 nACK, IMEI mismatch)
 */
public record DeviceAnswered(String deviceId, String protocol, Long serverFlag, String text, boolean position,
        boolean refused) {
}
