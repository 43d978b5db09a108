package org.alterna.gateway.protocol;

import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;

/** What a device said, with the bytes it expects back. A reply of length 0 means: send nothing. */
public sealed interface DeviceMessage {

    /** The device id this message concerns (from the message itself or the session's login). */
    String deviceId();

    /**
     * The device identifies itself. The gateway answers {@code acceptReply} if the device is registered and
     * active, otherwise {@code refuseReply} (may be empty) and closes the connection.
     */
    record Login(String deviceId, byte[] acceptReply, byte[] refuseReply) implements DeviceMessage {
    }

    /**
     * Position records. The gateway sends {@code ackAfterStore} only once every fix is committed to the
     * database; a device that gets no acknowledgement resends.
     */
    record Report(String deviceId, List<Fix> fixes, byte[] ackAfterStore) implements DeviceMessage {
    }

    /**
     * Heartbeat or status without a position (battery, charging, strap, device alarms in {@code status}). One with
     * alarm or state flags is stored (as a device event) before {@code reply} is sent; otherwise it is sent at once.
     */
    record Status(String deviceId, Map<String, Object> status, byte[] reply) implements DeviceMessage {
    }
}
