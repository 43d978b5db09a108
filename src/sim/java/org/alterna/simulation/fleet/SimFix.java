package org.alterna.simulation.fleet;

import java.time.Instant;

/**
 * One record a simulated tag takes, as the device knows it (not the truth): position with its noise, validity,
 * battery, charging and strap. {@code held}: taken during a signal gap, kept in the device and uploaded late.
 */
record SimFix(Instant time, double lat, double lon, double altitude, double speedKmh, double course, int satellites,
        double accuracy, boolean valid, boolean lbs, int battery, boolean charging, boolean strapOpen, boolean held) {

    /** Horizontal dilution of precision as a tag derives it from its accuracy estimate (~5 m per unit of HDOP). */
    double hdop() {
        return Math.max(0.5, Math.min(25.0, Math.round(accuracy / 5.0 * 10) / 10.0));
    }
}
