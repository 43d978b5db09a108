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
 * zone, so each evaluation is a few multiplications per vertex and distances are metres at any latitude.
 */
final class Area {
    private final double lat0;
    private final double lon0;
    private final double kx;
    private final double ky;
    private final double radius; // circle radius, or corridor half width for lines
    private final int kind; // 0 circle, 1 polygons, 2 line corridor
    private final double[][] xs; // rings (kind 1) or the line (kind 2)
    private final double[][] ys;
    private final int[] polygonOfRing;
    private final int polygons;

    private Area(double lat0, double lon0, double radius, int kind, double[][] xs, double[][] ys, int[] polygonOfRing,
            int polygons) {
        this.lat0 = lat0;
        this.lon0 = lon0;
        this.kx = Geo.kx(lat0);
        this.ky = Geo.ky(lat0);
        this.radius = radius;
        this.kind = kind;
        this.xs = xs;
        this.ys = ys;
        this.polygonOfRing = polygonOfRing;
        this.polygons = polygons;
    }

    static Area circle(double lat, double lon, double radiusMeters) {
        return new Area(lat, lon, radiusMeters, 0, null, null, null, 0);
    }

    static Area of(Geometry g, Double radiusMeters) {
        if (g instanceof Point p) {
            return circle(p.getY(), p.getX(), radiusMeters == null ? 0 : radiusMeters);
        }
        Envelope e = g.getEnvelopeInternal();
        double lat0 = (e.getMinY() + e.getMaxY()) / 2;
        double lon0 = (e.getMinX() + e.getMaxX()) / 2;
        double kx = Geo.kx(lat0);
        double ky = Geo.ky(lat0);
        List<double[]> rx = new ArrayList<>();
        List<double[]> ry = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        if (g instanceof LineString line) {
            addRing(line.getCoordinates(), lat0, lon0, kx, ky, rx, ry);
            return new Area(lat0, lon0, radiusMeters == null ? 0 : radiusMeters, 2, rx.toArray(double[][]::new),
                    ry.toArray(double[][]::new), null, 0);
        }
        int n = g.getNumGeometries();
        for (int i = 0; i < n; i++) {
            Polygon poly = (Polygon) g.getGeometryN(i);
            addRing(poly.getExteriorRing().getCoordinates(), lat0, lon0, kx, ky, rx, ry);
            owner.add(i);
            for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                addRing(poly.getInteriorRingN(h).getCoordinates(), lat0, lon0, kx, ky, rx, ry);
                owner.add(i);
            }
        }
        return new Area(lat0, lon0, 0, 1, rx.toArray(double[][]::new), ry.toArray(double[][]::new),
                owner.stream().mapToInt(Integer::intValue).toArray(), n);
    }

    private static void addRing(Coordinate[] cs, double lat0, double lon0, double kx, double ky, List<double[]> rx,
            List<double[]> ry) {
        double[] x = new double[cs.length];
        double[] y = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            x[i] = Geo.wrapLon(cs[i].x - lon0) * kx;
            y[i] = (cs[i].y - lat0) * ky;
        }
        rx.add(x);
        ry.add(y);
    }

    /** Signed distance in metres: positive outside the area, negative inside (depth). */
    double signedDistance(double lat, double lon) {
        double x = Geo.wrapLon(lon - lon0) * kx;
        double y = (lat - lat0) * ky;
        if (kind == 0) {
            return Math.sqrt(x * x + y * y) - radius;
        }
        double best = Double.MAX_VALUE;
        if (kind == 2) {
            double[] lx = xs[0];
            double[] ly = ys[0];
            for (int i = 1; i < lx.length; i++) {
                best = Math.min(best, segDist2(x, y, lx[i - 1], ly[i - 1], lx[i], ly[i]));
            }
            return Math.sqrt(best) - radius;
        }
        boolean inside = false;
        boolean inCurrent = false;
        int current = -1;
        for (int r = 0; r < xs.length; r++) {
            if (polygonOfRing[r] != current) {
                inside |= inCurrent;
                inCurrent = false;
                current = polygonOfRing[r];
            }
            double[] rx = xs[r];
            double[] ry = ys[r];
            for (int i = 1; i < rx.length; i++) {
                double x1 = rx[i - 1];
                double y1 = ry[i - 1];
                double x2 = rx[i];
                double y2 = ry[i];
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
}
