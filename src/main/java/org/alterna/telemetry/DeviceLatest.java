package org.alterna.telemetry;

import java.time.Instant;

/**
 * The latest known state of a device, for the live view.
 *
 * @param deviceId       the device
 * @param lastFix        the fix with the latest device time stored so far (server time set), or null
 * @param lastContact    when the device last said anything to the gateway (server time)
 * @param batteryPercent last reported battery level, or null
 * @param externalPower  last reported external power state, or null
 * @param charging       last reported charging state, or null
 * @param strap          last reported strap state, or null
 */
public record DeviceLatest(String deviceId, Fix lastFix, Instant lastContact, Integer batteryPercent,
        Boolean externalPower, Boolean charging, Fix.StrapState strap) {
}
