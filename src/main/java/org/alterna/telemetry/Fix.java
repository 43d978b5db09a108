package org.alterna.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One position report of a device, whatever protocol it came by: the common currency of the gateway, the
 * store and the supervision engine. Optional readings are null when the device did not send them.
 *
 * @param deviceId       IMEI or unique id of the device
 * @param deviceTime     when the device took the fix (UTC)
 * @param serverTime     when Alterna received it (UTC)
 * @param latitude       WGS84 degrees
 * @param longitude      WGS84 degrees
 * @param altitude       metres
 * @param speedKmh       km/h
 * @param course         degrees from north
 * @param satellites     satellites in use
 * @param hdop           horizontal dilution of precision, when the device reports it
 * @param accuracyMeters the device's own accuracy estimate in metres (it can be optimistic)
 * @param valid          false when the device had no fix and repeats an old or coarse position
 * @param source         how the position was obtained
 * @param batteryPercent battery level 0-100
 * @param externalPower  whether external power is connected
 * @param charging       whether the battery is charging
 * @param strap          the strap state of an ankle tag
 * @param alarms         alarm flags raised by the device itself
 * @param io             raw IO / protocol values by name or id, kept as evidence
 */
public record Fix(String deviceId, Instant deviceTime, Instant serverTime, double latitude, double longitude,
        Double altitude, Double speedKmh, Double course, Integer satellites, Double hdop, Double accuracyMeters,
        boolean valid, PositionSource source, Integer batteryPercent, Boolean externalPower, Boolean charging,
        StrapState strap, Set<DeviceAlarm> alarms, Map<String, Object> io) {

    public Fix {
        alarms = alarms == null ? Set.of() : Set.copyOf(alarms);
        io = io == null ? Map.of() : Map.copyOf(io);
    }

    /**
     * What a device reported without a position (a heartbeat, a status or alarm message): its readings and flags, kept
     * as a device event and supervised like a fix that has no position ({@link #hasPosition()} false, not valid).
     * {@code deviceTime} may be null when the message carries no time (the store then uses its receive time).
     */
    public static Fix status(String deviceId, Instant deviceTime, Integer batteryPercent, Boolean externalPower,
            Boolean charging, StrapState strap, Set<DeviceAlarm> alarms, Map<String, Object> io) {
        return new Fix(deviceId, deviceTime, null, Double.NaN, Double.NaN, null, null, null, null, null, null, false,
                null, batteryPercent, externalPower, charging, strap, alarms, io);
    }

    /** False for a device event ({@link #status}): it says something about the device, not where it is. */
    public boolean hasPosition() {
        return !Double.isNaN(latitude);
    }

    public Fix withServerTime(Instant time) {
        return new Fix(deviceId, deviceTime, time, latitude, longitude, altitude, speedKmh, course, satellites,
                hdop, accuracyMeters, valid, source, batteryPercent, externalPower, charging, strap, alarms, io);
    }

    /** The same record received at {@code time}, timed {@code time} too if the device gave no time of its own. */
    Fix received(Instant time) {
        return new Fix(deviceId, deviceTime == null ? time : deviceTime, time, latitude, longitude, altitude, speedKmh,
                course, satellites, hdop, accuracyMeters, valid, source, batteryPercent, externalPower, charging, strap,
                alarms, io);
    }

    /** How a position was obtained: a cell (LBS) or Wi-Fi position alone never proves a zone breach. */
    public enum PositionSource { GPS, LBS, WIFI, RF }

    /** State of an ankle tag's strap. */
    public enum StrapState { CLOSED, OPEN }

    /** Alarms raised by the device itself. */
    public enum DeviceAlarm { SOS, TAMPER, POWER_CUT, LOW_BATTERY }
}
