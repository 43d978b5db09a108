package org.alterna.alarms;

import java.time.Instant;

/**
 * A position that supports an alarm.
 *
 * @param time     when the device took the fix (UTC)
 * @param lat      WGS84 latitude
 * @param lon      WGS84 longitude
 * @param accuracy the fix's accuracy in metres (null if unknown)
 * @param source   GPS, LBS, WIFI or RF
 */
public record EvidenceFix(Instant time, double lat, double lon, Double accuracy, String source) {
}
