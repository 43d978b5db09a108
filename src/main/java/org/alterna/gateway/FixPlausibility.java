package org.alterna.gateway;

import java.time.Duration;
import org.alterna.telemetry.Fix;

/**
 * Positions cannot be authenticated on these protocols, so the implausible is flagged: a fix implying a move faster
 * than {@code maxSpeedKmh} from the device's newest plausible fix, or timed well before it (a device clock jumping
 * back, or a replay), is suspicious. Pure: the caller keeps the newest plausible fix per device. A re-uploaded
 * buffered record (GT06 {@code reupload}) is old on purpose and not judged on time.
 */
final class FixPlausibility {
    static final String KEY = "suspicious";
    static final String SPEED = "speed";
    static final String TIME_BACK = "timeBack";
    private static final double EARTH_M = 6_371_008.8;

    private FixPlausibility() {
    }

    /** Why {@code fix} is implausible after {@code newest}, or null. */
    static String judge(Fix newest, Fix fix, double maxSpeedKmh, Duration timeBackTolerance) {
        if (newest == null || fix.deviceTime() == null || newest.deviceTime() == null || !fix.hasPosition()
                || !newest.hasPosition()) {
            return null;
        }
        long dtMs = fix.deviceTime().toEpochMilli() - newest.deviceTime().toEpochMilli();
        if (dtMs < -timeBackTolerance.toMillis() && !Boolean.TRUE.equals(fix.io().get("reupload"))) {
            return TIME_BACK;
        }
        if (!fix.valid() || !newest.valid()) {
            return null; // a repeated or coarse position says nothing about speed
        }
        double metres = distance(newest.latitude(), newest.longitude(), fix.latitude(), fix.longitude());
        double seconds = Math.max(Math.abs(dtMs) / 1000.0, 1.0);
        return metres / seconds * 3.6 > maxSpeedKmh && metres > 1_000 ? SPEED : null;
    }

    /** Whether {@code fix} becomes the newest plausible one. */
    static boolean newer(Fix newest, Fix fix) {
        return fix.hasPosition() && fix.deviceTime() != null
                && (newest == null || newest.deviceTime() == null || fix.deviceTime().isAfter(newest.deviceTime()));
    }

    static double distance(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The fix flagged with {@code reason} in its raw values. */
    static Fix flag(Fix f, String reason) {
        java.util.Map<String, Object> io = new java.util.LinkedHashMap<>(f.io());
        io.put(KEY, reason);
        return new Fix(f.deviceId(), f.deviceTime(), f.serverTime(), f.latitude(), f.longitude(), f.altitude(),
                f.speedKmh(), f.course(), f.satellites(), f.hdop(), f.accuracyMeters(), f.valid(), f.source(),
                f.batteryPercent(), f.externalPower(), f.charging(), f.strap(), f.alarms(), io);
    }
}
