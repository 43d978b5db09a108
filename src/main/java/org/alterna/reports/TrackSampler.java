package org.alterna.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps enough of a track to draw it: a position is kept when it is farther than a few metres from the last kept one;
 * a silence of more than 30 minutes starts a new segment (no line is drawn across it). Bounded: past
 * {@link #MAX_POINTS} the track is thinned and the distance doubled, so months of positions draw in constant memory.
 */
final class TrackSampler {
    static final int MAX_POINTS = 20_000;
    private static final long BREAK_MS = 30 * 60_000L;
    private double minMeters = 12;
    private final List<List<double[]>> segments = new ArrayList<>();
    private List<double[]> current;
    private double lastLon;
    private double lastLat;
    private long lastTime = Long.MIN_VALUE;
    private int points;

    /** A valid position (lon, lat) at epoch millis {@code time}. */
    void accept(double lon, double lat, long time) {
        if (current == null || time - lastTime > BREAK_MS) {
            current = new ArrayList<>();
            segments.add(current);
            keep(lon, lat);
        } else if (metres(lon, lat, lastLon, lastLat) >= minMeters) {
            keep(lon, lat);
        }
        lastTime = time;
    }

    private void keep(double lon, double lat) {
        current.add(new double[] {lon, lat});
        lastLon = lon;
        lastLat = lat;
        if (++points > MAX_POINTS) {
            thin();
        }
    }

    private void thin() {
        minMeters *= 2;
        points = 0;
        for (List<double[]> s : segments) {
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (i % 2 == 0 || i == s.size() - 1) {
                    kept.add(s.get(i));
                }
            }
            s.clear();
            s.addAll(kept);
            points += s.size();
        }
    }

    List<List<double[]>> segments() {
        return segments;
    }

    static double metres(double lon1, double lat1, double lon2, double lat2) {
        double kx = Math.cos(Math.toRadians((lat1 + lat2) / 2)) * 111_320;
        double dx = (lon1 - lon2) * kx;
        double dy = (lat1 - lat2) * 110_574;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
