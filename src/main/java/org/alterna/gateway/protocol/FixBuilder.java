package org.alterna.gateway.protocol;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.alterna.telemetry.Fix.PositionSource;
import org.alterna.telemetry.Fix.StrapState;

/** Mutable accumulator for one {@link Fix} while a frame is being decoded. */
final class FixBuilder {
    String deviceId;
    Instant time;
    double latitude;
    double longitude;
    Double altitude;
    Double speedKmh;
    Double course;
    Integer satellites;
    Double hdop;
    Double accuracy;
    boolean valid;
    PositionSource source = PositionSource.GPS;
    /** Whether the message carried coordinates (a record or packet may come without them). */
    boolean hasPosition;
    Integer batteryPercent;
    Boolean externalPower;
    Boolean charging;
    StrapState strap;
    final Set<DeviceAlarm> alarms = EnumSet.noneOf(DeviceAlarm.class);
    final Map<String, Object> io = new LinkedHashMap<>();

    FixBuilder(String deviceId) {
        this.deviceId = deviceId;
    }

    /** Stores a raw value as evidence; nulls are dropped (Fix.io() is an immutable map without nulls). */
    FixBuilder io(String key, Object value) {
        if (value != null) {
            io.put(key, value);
        }
        return this;
    }

    FixBuilder position(double lat, double lon, int offset) throws DecodeException {
        if (!(lat >= -90 && lat <= 90)) {
            throw new DecodeException("latitude out of range: " + lat, offset);
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new DecodeException("longitude out of range: " + lon, offset);
        }
        latitude = lat;
        longitude = lon;
        return this;
    }

    /** The gateway replaces serverTime with its own receive time (Fix.withServerTime); now() is a fallback. */
    Fix build() {
        return new Fix(deviceId, time, Instant.now(), latitude, longitude, altitude, speedKmh, course, satellites,
                hdop, accuracy, valid, source, batteryPercent, externalPower, charging, strap, alarms, frozenIo());
    }

    /** The raw values with the cell and Wi-Fi lists made immutable. */
    private Map<String, Object> frozenIo() {
        Map<String, Object> out = new LinkedHashMap<>(io);
        out.replaceAll((k, v) -> v instanceof java.util.List<?> list ? java.util.List.copyOf(list) : v);
        return out;
    }

    /** The readings of a position-less message, for {@link DeviceMessage.Status}. */
    Map<String, Object> statusMap(String type) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("type", type);
        if (time != null) {
            status.put("time", time.toString());
        }
        if (batteryPercent != null) {
            status.put("batteryPercent", batteryPercent);
        }
        if (charging != null) {
            status.put("charging", charging);
        }
        if (externalPower != null) {
            status.put("externalPower", externalPower);
        }
        if (strap != null) {
            status.put("strap", strap.name());
        }
        if (!alarms.isEmpty()) {
            status.put("alarms", alarms.stream().map(Enum::name).sorted().toList());
        }
        status.putAll(frozenIo());
        return status;
    }
}
