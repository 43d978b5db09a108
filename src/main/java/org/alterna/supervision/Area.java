package org.alterna.supervision;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A zone geometry compiled for fast metric tests: coordinates projected once onto a local tangent plane around the
 * zone, so each evaluation is a few multiplications per vertex and distances are metres at any latitude. The vertices
 * of all rings sit in one interleaved array (x0, y0, x1, y1, ...): one object to fetch per test, not two per ring.
 */
final class Area {
    private final double lat0;
    private final double lon0;
    private final double kx;
    private final double ky;
    private final double radius; // circle radius, or corridor half width for lines
    private final int kind; // 0 circle, 1 polygons, 2 line corridor
    private final double[] pts; // all rings (kind 1) or the line (kind 2), interleaved x, y
    private final int[] ringStart; // ring r spans points [ringStart[r], ringStart[r + 1]); null: a single ring
    private final int[] polygonOfRing; // null: a single ring
    private final int polygons;
    /** Extent in degrees (lon, lat) of the geometry itself: the centre for a circle. */
    private final double minLon;
    private final double maxLon;
    private final double minLat;
    private final double maxLat;

    private Area(double lat0, double lon0, double radius, int kind, double[] pts, int[] ringStart,
            int[] polygonOfRing, int polygons, Envelope degrees) { // degrees: of every vertex (null for a circle)
        this.lat0 = lat0;
        this.lon0 = lon0;
        this.kx = Geo.kx(lat0);
        this.ky = Geo.ky(lat0);
        this.radius = radius;
        this.kind = kind;
        this.pts = pts;
        this.ringStart = ringStart;
        this.polygonOfRing = polygonOfRing;
        this.polygons = polygons;
        this.minLon = degrees == null ? lon0 : degrees.getMinX();
        this.maxLon = degrees == null ? lon0 : degrees.getMaxX();
        this.minLat = degrees == null ? lat0 : degrees.getMinY();
        this.maxLat = degrees == null ? lat0 : degrees.getMaxY();
    }

    static Area circle(double lat, double lon, double radiusMeters) {
        return new Area(lat, lon, radiusMeters, 0, null, null, null, 0, null);
    }

    static Area of(Geometry g, Double radiusMeters) {
        if (g instanceof Point p) {
            return circle(p.getY(), p.getX(), radiusMeters == null ? 0 : radiusMeters);
        }
        Envelope e = g.getEnvelopeInternal();
        double lat0 = (e.getMinY() + e.getMaxY()) / 2;
        // the extent of every ring, not JTS's of the shells: a hole drawn outside its shell still counts here
        Envelope all = new Envelope();
        for (Coordinate c : g.getCoordinates()) {
            all.expandToInclude(c);
        }
        double lon0 = (e.getMinX() + e.getMaxX()) / 2;
        double kx = Geo.kx(lat0);
        double ky = Geo.ky(lat0);
        List<double[]> rings = new ArrayList<>();
        if (g instanceof LineString line) {
            rings.add(project(line.getCoordinates(), lat0, lon0, kx, ky));
            return new Area(lat0, lon0, radiusMeters == null ? 0 : radiusMeters, 2, rings.get(0), null, null, 0, all);
        }
        List<Integer> owner = new ArrayList<>();
        int n = g.getNumGeometries();
        for (int i = 0; i < n; i++) {
            Polygon poly = (Polygon) g.getGeometryN(i);
            rings.add(project(poly.getExteriorRing().getCoordinates(), lat0, lon0, kx, ky));
            owner.add(i);
            for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                rings.add(project(poly.getInteriorRingN(h).getCoordinates(), lat0, lon0, kx, ky));
                owner.add(i);
            }
        }
        if (rings.size() == 1) {
            return new Area(lat0, lon0, 0, 1, rings.get(0), null, null, n, all);
        }
        int total = 0;
        int[] start = new int[rings.size() + 1];
        for (int r = 0; r < rings.size(); r++) {
            start[r] = total;
            total += rings.get(r).length / 2;
        }
        start[rings.size()] = total;
        double[] pts = new double[total * 2];
        int[] of = new int[rings.size()];
        for (int r = 0; r < rings.size(); r++) {
            System.arraycopy(rings.get(r), 0, pts, start[r] * 2, rings.get(r).length);
            of[r] = owner.get(r);
        }
        return new Area(lat0, lon0, 0, 1, pts, start, of, n, all);
    }

    private static double[] project(Coordinate[] cs, double lat0, double lon0, double kx, double ky) {
        double[] p = new double[cs.length * 2];
        for (int i = 0; i < cs.length; i++) {
            p[2 * i] = Geo.wrapLon(cs[i].x - lon0) * kx;
            p[2 * i + 1] = (cs[i].y - lat0) * ky;
        }
        return p;
    }

    /** Signed distance in metres: positive outside the area, negative inside (depth). */
    double signedDistance(double lat, double lon) {
        double x = Geo.wrapLon(lon - lon0) * kx;
        double y = (lat - lat0) * ky;
        if (kind == 0) {
            return Math.sqrt(x * x + y * y) - radius;
        }
        double[] p = pts;
        double best = Double.MAX_VALUE;
        if (kind == 2) {
            for (int i = 2; i < p.length; i += 2) {
                best = Math.min(best, segDist2(x, y, p[i - 2], p[i - 1], p[i], p[i + 1]));
            }
            return Math.sqrt(best) - radius;
        }
        boolean inside = false;
        boolean inCurrent = false;
        int current = -1;
        int rings = ringStart == null ? 1 : ringStart.length - 1;
        for (int r = 0; r < rings; r++) {
            int owner = polygonOfRing == null ? 0 : polygonOfRing[r];
            if (owner != current) {
                inside |= inCurrent;
                inCurrent = false;
                current = owner;
            }
            int from = ringStart == null ? 0 : 2 * ringStart[r];
            int to = ringStart == null ? p.length : 2 * ringStart[r + 1];
            for (int i = from + 2; i < to; i += 2) {
                double x1 = p[i - 2];
                double y1 = p[i - 1];
                double x2 = p[i];
                double y2 = p[i + 1];
                if ((y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1) {
                    inCurrent = !inCurrent;
                }
                best = Math.min(best, segDist2(x, y, x1, y1, x2, y2));
            }
        }
        inside |= inCurrent;
        double d = Math.sqrt(best);
        return inside ? -d : d;
    }

    private static double segDist2(double px, double py, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((px - x1) * dx + (py - y1) * dy) / len2;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        double ex = x1 + t * dx - px;
        double ey = y1 + t * dy - py;
        return ex * ex + ey * ey;
    }

    int polygonCount() {
        return polygons;
    }

    /** Whether this is a circle: its distance is {@code |(lon - lon0, lat - lat0) * (kx, ky)| - radius}. */
    boolean isCircle() {
        return kind == 0;
    }

    double lat0() {
        return lat0;
    }

    double lon0() {
        return lon0;
    }

    double radius() {
        return radius;
    }

    /** Metres per degree of longitude in this area's plane (its distances use this factor throughout). */
    double kx() {
        return kx;
    }

    /** Metres per degree of latitude in this area's plane. */
    double ky() {
        return ky;
    }

    /**
     * The extent in degrees of every point whose {@link #signedDistance} is at most {@code marginMeters}, widened by a
     * further centimetre against rounding: exact in this area's plane (where a degree is {@code kx}/{@code ky} metres
     * throughout), so a point outside it is certainly farther than the margin. Null when the extent would cross the
     * antimeridian (such an area is never skipped by its extent).
     */
    Envelope envelope(double marginMeters) {
        double m = Math.max(0, marginMeters) + (kind == 1 ? 0 : radius) + 0.01;
        double dLon = m / kx;
        double dLat = m / ky;
        double w = minLon - dLon;
        double e = maxLon + dLon;
        if (w < -180 || e > 180 || !(kx > 0)) {
            return null;
        }
        return new Envelope(w, e, Math.max(-90, minLat - dLat), Math.min(90, maxLat + dLat));
    }
}
