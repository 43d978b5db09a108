package org.alterna.supervision;

import java.util.Objects;

/**
 * The radio evidence of presence at home an order can register, as a scenario declares it: a BLE beacon installed at
 * the home (the tag reports the beacons it hears, {@link #BEACON_ID_IO} and {@link #BEACON_RSSI_IO} in
 * {@code Fix.io()}), or an RF home unit, a device of the order installed at the home that reports whether it hears
 * the tag, its mains power and its tilt sensor ({@link #UNIT_TAG_IN_RANGE_IO}, {@link #UNIT_MAINS_IO},
 * {@link #UNIT_TILT_IO}) and where it is. Data only: what an engine makes of it is its own business.
 *
 * @param kind        what is installed
 * @param beaconId    the home beacon's id as the tag reports it ({@code ibeacon:<uuid>:<major>:<minor>} or
 *                    {@code eddystone:<namespace>:<instance>}, lower-case hex); null for a home unit
 * @param lat         where it was installed (WGS84)
 * @param lon         where it was installed (WGS84)
 * @param lostMinutes not heard for this long while the curfew is active: an alarm
 * @param zone        the inclusion zone whose schedule is the curfew (usually {@code home})
 */
public record HomePresence(Kind kind, String beaconId, double lat, double lon, int lostMinutes, String zone) {
    /** Tag fix: the id of the strongest beacon heard since the previous report (absent when none was heard). */
    public static final String BEACON_ID_IO = "beacon.id";
    /** Tag fix: that beacon's signal strength, dBm (an integer). */
    public static final String BEACON_RSSI_IO = "beacon.rssi";
    /** Home unit report: whether the unit heard the tag within its last scans. */
    public static final String UNIT_TAG_IN_RANGE_IO = "homeUnit.tagInRange";
    /** Home unit report: whether the unit is on mains power (false: on its backup battery). */
    public static final String UNIT_MAINS_IO = "homeUnit.mains";
    /** Home unit report: whether its tilt sensor fired since the previous report (it was lifted or moved). */
    public static final String UNIT_TILT_IO = "homeUnit.tilt";
    /** The usual limit of a beacon (or the tag) not heard during the curfew. */
    public static final int DEFAULT_LOST_MINUTES = 15;

    /** A BLE beacon (iBeacon or Eddystone-UID) heard by the tag, or an RF home unit that hears the tag. */
    public enum Kind { BLE_BEACON, RF_HOME_UNIT }

    public HomePresence {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.BLE_BEACON && (beaconId == null || beaconId.isBlank())) {
            throw new IllegalArgumentException("a BLE beacon needs its id");
        }
        if (lostMinutes <= 0) {
            throw new IllegalArgumentException("lostMinutes must be > 0");
        }
        zone = zone == null ? "home" : zone;
    }
}
