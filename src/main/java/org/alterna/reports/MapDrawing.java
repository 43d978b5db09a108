package org.alterna.reports;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.alterna.orders.Conditions;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws a case's map as vector graphics, without any tile server: the zones of the conditions (inclusion green,
 * exclusion red, superseded versions dashed), authorised routes with their corridor, the track, and numbered breach
 * points, on a light grid in a local metric projection, with a scale bar and north arrow.
 */
final class MapDrawing {
    static final Color INCLUSION = new Color(46, 125, 50);
    static final Color EXCLUSION = new Color(198, 40, 40);
    static final Color ROUTE = new Color(239, 108, 0);
    static final Color TRACK = new Color(21, 101, 192);
    static final Color BREACH = new Color(183, 28, 28);
    static final Color GRID = new Color(228, 232, 236);
    static final Color PAPER = new Color(250, 250, 247);
    private static final double[] NICE = {25, 50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000, 20_000,
            25_000, 50_000, 100_000};

    /** A zone or route to draw; {@code current} false draws it dashed (a superseded version). */
    record Feature(Conditions.Zone zone, Conditions.Route route, boolean current) {
    }

    /** A numbered point (a breach). */
    record Marker(String label, double lon, double lat) {
    }

    record Data(List<List<double[]>> track, List<Feature> features, List<Marker> markers) {
        boolean empty() {
            return track.stream().allMatch(List::isEmpty) && features.isEmpty() && markers.isEmpty();
        }
    }

    private final PdfComposer pdf;
    private final PDPageContentStream cs;
    private double lat0;
    private double lon0;
    private double kx;
    private static final double KY = 110_574;
    private double scale;
    private double cx;
    private double cy;
    private float bx;
    private float by;
    private float bw;
    private float bh;

    MapDrawing(PdfComposer pdf) {
        this.pdf = pdf;
        this.cs = pdf.stream();
    }

    /** Draws {@code data} in the box (x, y bottom-left, w, h); {@code empty} is said when there is nothing. */
    void draw(float x, float y, float w, float h, Data data, String empty, String north) {
        bx = x;
        by = y;
        bw = w;
        bh = h;
        try {
            cs.saveGraphicsState();
            pdf.fill(x, y, w, h, PAPER);
            if (data.empty()) {
                String t = pdf.clean(empty);
                pdf.text(x + (w - pdf.textWidth(t, 10)) / 2, y + h / 2, t, 10, PdfComposer.MUTED, false);
                frame();
                cs.restoreGraphicsState();
                return;
            }
            fit(data);
            cs.addRect(x, y, w, h);
            cs.clip();
            double step = grid();
            for (Feature f : data.features()) {
                if (f.route() != null) {
                    route(f.route(), f.current());
                }
            }
            for (Feature f : data.features()) {
                if (f.zone() != null) {
                    zone(f.zone(), f.current());
                }
            }
            track(data.track());
            for (Marker m : data.markers()) {
                marker(m);
            }
            for (Feature f : data.features()) {
                if (f.zone() != null && f.current()) {
                    zoneLabel(f.zone());
                }
            }
            scaleBar(step);
            northArrow(north);
            cs.restoreGraphicsState();
            frame();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void frame() throws IOException {
        cs.setStrokingColor(PdfComposer.RULE);
        cs.setLineWidth(0.8f);
        cs.setLineDashPattern(new float[0], 0);
        cs.addRect(bx, by, bw, bh);
        cs.stroke();
    }

    // ------------------------------------------------------------------------------------------------ projection

    private void fit(Data data) {
        List<double[]> pts = new ArrayList<>();
        data.track().forEach(pts::addAll);
        for (Marker m : data.markers()) {
            pts.add(new double[] {m.lon(), m.lat()});
        }
        for (Feature f : data.features()) {
            Geometry g = f.zone() != null ? f.zone().geometry() : f.route().geometry();
            for (Coordinate c : g.getCoordinates()) {
                pts.add(new double[] {c.x, c.y});
            }
        }
        double minLon = Double.MAX_VALUE;
        double maxLon = -Double.MAX_VALUE;
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        for (double[] p : pts) {
            minLon = Math.min(minLon, p[0]);
            maxLon = Math.max(maxLon, p[0]);
            minLat = Math.min(minLat, p[1]);
            maxLat = Math.max(maxLat, p[1]);
        }
        lat0 = (minLat + maxLat) / 2;
        lon0 = (minLon + maxLon) / 2;
        kx = Math.cos(Math.toRadians(lat0)) * 111_320;
        double ex = (maxLon - minLon) * kx;
        double ey = (maxLat - minLat) * KY;
        double margin = 0;
        for (Feature f : data.features()) {
            if (f.zone() != null && f.zone().radiusMeters() != null) {
                margin = Math.max(margin, f.zone().radiusMeters());
            }
            if (f.route() != null) {
                margin = Math.max(margin, f.route().corridorMeters());
            }
        }
        ex = Math.max(ex + 2 * margin, 300) * 1.12;
        ey = Math.max(ey + 2 * margin, 300) * 1.12;
        scale = Math.min(bw / ex, bh / ey);
        cx = bx + bw / 2.0;
        cy = by + bh / 2.0;
    }

    private float px(double lon) {
        return (float) (cx + (lon - lon0) * kx * scale);
    }

    private float py(double lat) {
        return (float) (cy + (lat - lat0) * KY * scale);
    }

    // ------------------------------------------------------------------------------------------------ layers

    private double grid() throws IOException {
        double widthMeters = bw / scale;
        double step = NICE[NICE.length - 1];
        for (double n : NICE) {
            if (widthMeters / n <= 7) {
                step = n;
                break;
            }
        }
        cs.setStrokingColor(GRID);
        cs.setLineWidth(0.4f);
        double metresStep = step * scale;
        for (double gx = cx % metresStep; gx < bx + bw; gx += metresStep) {
            if (gx > bx) {
                cs.moveTo((float) gx, by);
                cs.lineTo((float) gx, by + bh);
            }
        }
        for (double gy = cy % metresStep; gy < by + bh; gy += metresStep) {
            if (gy > by) {
                cs.moveTo(bx, (float) gy);
                cs.lineTo(bx + bw, (float) gy);
            }
        }
        cs.stroke();
        return step;
    }

    private void alpha(float fill, float stroke) throws IOException {
        PDExtendedGraphicsState gs = new PDExtendedGraphicsState();
        gs.setNonStrokingAlphaConstant(fill);
        gs.setStrokingAlphaConstant(stroke);
        cs.setGraphicsStateParameters(gs);
    }

    private void zone(Conditions.Zone z, boolean current) throws IOException {
        Color c = z.type() == Conditions.ZoneType.INCLUSION ? INCLUSION : EXCLUSION;
        if (current) {
            alpha(0.16f, 1f);
            cs.setNonStrokingColor(c);
            path(z);
            cs.fillEvenOdd();
            alpha(1f, 1f);
        }
        cs.setStrokingColor(c);
        cs.setLineWidth(current ? 1.1f : 0.7f);
        cs.setLineDashPattern(current ? new float[0] : new float[] {3, 2}, 0);
        path(z);
        cs.stroke();
        cs.setLineDashPattern(new float[0], 0);
    }

    private void path(Conditions.Zone z) throws IOException {
        Geometry g = z.geometry();
        if (g instanceof Point p && z.radiusMeters() != null) {
            circle(px(p.getX()), py(p.getY()), (float) (z.radiusMeters() * scale));
            return;
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon poly) {
                ring(poly.getExteriorRing().getCoordinates());
                for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                    ring(poly.getInteriorRingN(h).getCoordinates());
                }
            }
        }
    }

    private void ring(Coordinate[] cs0) throws IOException {
        for (int i = 0; i < cs0.length; i++) {
            if (i == 0) {
                cs.moveTo(px(cs0[i].x), py(cs0[i].y));
            } else {
                cs.lineTo(px(cs0[i].x), py(cs0[i].y));
            }
        }
        cs.closePath();
    }

    private void circle(float x, float y, float r) throws IOException {
        float k = 0.5523f * r;
        cs.moveTo(x + r, y);
        cs.curveTo(x + r, y + k, x + k, y + r, x, y + r);
        cs.curveTo(x - k, y + r, x - r, y + k, x - r, y);
        cs.curveTo(x - r, y - k, x - k, y - r, x, y - r);
        cs.curveTo(x + k, y - r, x + r, y - k, x + r, y);
        cs.closePath();
    }

    private void zoneLabel(Conditions.Zone z) throws IOException {
        Coordinate top = null;
        for (Coordinate c : z.geometry().getCoordinates()) {
            if (top == null || c.y > top.y) {
                top = c;
            }
        }
        if (top == null) {
            return;
        }
        float x = px(top.x);
        float y = py(top.y) + 3;
        if (z.geometry() instanceof Point && z.radiusMeters() != null) {
            y += (float) (z.radiusMeters() * scale);
        }
        String label = pdf.clean(z.id());
        float w = pdf.textWidth(label, 7);
        pdf.fill(x - w / 2 - 2, y - 1.5f, w + 4, 9, new Color(255, 255, 255));
        pdf.text(x - w / 2, y + 0.5f, label, 7,
                z.type() == Conditions.ZoneType.INCLUSION ? INCLUSION : EXCLUSION, false);
    }

    private void route(Conditions.Route r, boolean current) throws IOException {
        Coordinate[] c = r.geometry().getCoordinates();
        alpha(1f, current ? 0.22f : 0.1f);
        cs.setStrokingColor(ROUTE);
        cs.setLineWidth((float) Math.max(2, 2 * r.corridorMeters() * scale));
        cs.setLineCapStyle(1);
        cs.setLineJoinStyle(1);
        polyline(c);
        cs.stroke();
        alpha(1f, 1f);
        cs.setLineWidth(0.8f);
        cs.setLineDashPattern(new float[] {4, 2}, 0);
        polyline(c);
        cs.stroke();
        cs.setLineDashPattern(new float[0], 0);
    }

    private void polyline(Coordinate[] c) throws IOException {
        for (int i = 0; i < c.length; i++) {
            if (i == 0) {
                cs.moveTo(px(c[i].x), py(c[i].y));
            } else {
                cs.lineTo(px(c[i].x), py(c[i].y));
            }
        }
    }

    private void track(List<List<double[]>> segments) throws IOException {
        cs.setStrokingColor(TRACK);
        cs.setLineWidth(0.7f);
        cs.setLineJoinStyle(1);
        cs.setLineCapStyle(1);
        for (List<double[]> s : segments) {
            float lx = Float.NaN;
            float ly = Float.NaN;
            boolean started = false;
            for (double[] p : s) {
                float x = px(p[0]);
                float y = py(p[1]);
                if (!started) {
                    cs.moveTo(x, y);
                    started = true;
                } else if (Math.abs(x - lx) + Math.abs(y - ly) >= 0.4f) {
                    cs.lineTo(x, y);
                } else {
                    continue;
                }
                lx = x;
                ly = y;
            }
            if (s.size() == 1) {
                cs.lineTo(lx + 0.5f, ly);
            }
        }
        cs.stroke();
    }

    private void marker(Marker m) throws IOException {
        float x = px(m.lon());
        float y = py(m.lat());
        cs.setNonStrokingColor(BREACH);
        cs.setStrokingColor(Color.WHITE);
        cs.setLineWidth(0.8f);
        circle(x, y, 5.5f);
        cs.fillAndStroke();
        String t = pdf.clean(m.label());
        float size = t.length() > 2 ? 5 : 6.5f;
        pdf.text(x - pdf.textWidth(t, size) / 2, y - size * 0.35f, t, size, Color.WHITE, false);
    }

    private void scaleBar(double step) throws IOException {
        float len = (float) (step * scale);
        float x = bx + 10;
        float y = by + 10;
        String label = step >= 1000 ? String.format("%s km", trim(step / 1000)) : String.format("%d m", (long) step);
        pdf.fill(x - 4, y - 4, len + 8 + pdf.textWidth(label, 7) + 6, 14, new Color(255, 255, 255));
        cs.setStrokingColor(PdfComposer.INK);
        cs.setLineWidth(1.2f);
        cs.moveTo(x, y + 3);
        cs.lineTo(x, y);
        cs.lineTo(x + len, y);
        cs.lineTo(x + len, y + 3);
        cs.stroke();
        pdf.text(x + len + 4, y - 1, label, 7, PdfComposer.INK, false);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void northArrow(String north) throws IOException {
        float x = bx + bw - 16;
        float y = by + bh - 26;
        cs.setNonStrokingColor(PdfComposer.INK);
        cs.moveTo(x, y + 14);
        cs.lineTo(x - 4, y + 2);
        cs.lineTo(x, y + 5);
        cs.lineTo(x + 4, y + 2);
        cs.closePath();
        cs.fill();
        String n = pdf.clean(north);
        pdf.text(x - pdf.textWidth(n, 7) / 2, y - 7, n, 7, PdfComposer.INK, true);
    }
}
