package org.alterna.supervision;

/** Metres on the WGS84 ellipsoid through a local tangent-plane approximation (error well under 0.1% below 50 km). */
final class Geo {
    static final double A = 6378137.0;
    static final double E2 = 6.69437999014e-3;
    static final double DEG = Math.PI / 180;

    private Geo() {
    }

    /** Metres per degree of longitude at latitude lat. */
    static double kx(double lat) {
        double s = Math.sin(lat * DEG);
        double n = A / Math.sqrt(1 - E2 * s * s);
        return DEG * n * Math.cos(lat * DEG);
    }

    /** Metres per degree of latitude at latitude lat. */
    static double ky(double lat) {
        double s = Math.sin(lat * DEG);
        double w = 1 - E2 * s * s;
        return DEG * A * (1 - E2) / (w * Math.sqrt(w));
    }

    static double wrapLon(double d) {
        if (d > 180) {
            return d - 360;
        }
        if (d < -180) {
            return d + 360;
        }
        return d;
    }

    /** Distance in metres between two nearby points. */
    static double distance(double lat1, double lon1, double lat2, double lon2) {
        double lat = (lat1 + lat2) / 2;
        double dx = wrapLon(lon2 - lon1) * kx(lat);
        double dy = (lat2 - lat1) * ky(lat);
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** Fast variant with precomputed scale factors. */
    static double distance(double lat1, double lon1, double lat2, double lon2, double kx, double ky) {
        double dx = wrapLon(lon2 - lon1) * kx;
        double dy = (lat2 - lat1) * ky;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
