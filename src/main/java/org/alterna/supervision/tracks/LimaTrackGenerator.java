package org.alterna.supervision.tracks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.Scorer;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.supervision.WeeklySchedule;
import org.alterna.supervision.Zone;
import org.alterna.supervision.ZoneType;
import org.alterna.telemetry.Fix;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Labelled, realistic ankle-tag tracks in Lima, deterministic per seed: a street grid around a real district, daily
 * routines (home at night, work, errands; walking ~5 km/h, buses ~25 km/h along streets), GPS noise as tags really
 * show it (indoor multipath bursts of 100-300 m, sometimes with optimistic accuracy; urban-canyon drift; LBS
 * fallback hundreds of metres off; invalid fixes; signal gaps; late buffered uploads), battery drain and charging,
 * and labelled breaches of every rule, including borderline ones (don't care). Reusable by the fleet simulator.
 */
public final class LimaTrackGenerator {

    /** A generated scenario: the replay input, its truth, and which violations are "qualifying" (>= 5 min, >= 150 m). */
    public record Generated(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
            Scorer.Truth truth, List<Scorer.Interval> qualifying, String json, String truthJson) {
    }

    private static final double[][] DISTRICTS = {
        {-12.1211, -77.0301}, // Miraflores
        {-12.0830, -77.0350}, // Lince
        {-11.9800, -77.0030}, // San Juan de Lurigancho
        {-12.1450, -76.9920}, // Santiago de Surco
        {-12.0600, -77.0500}, // Breña / Pueblo Libre
    };
    private static final GeometryFactory GF = new GeometryFactory();
    private static final long STEP = 10; // seconds of the true trajectory
    private static final int OFFSET = -5 * 3600; // Lima, no DST

    private final SplittableRandom rnd;
    private final long seed;
    private final int days;
    private final boolean victimUnit;
    // world (local metres around the district centre)
    private final double lat0;
    private final double lon0;
    private final double kx;
    private final double ky;
    private final double grid = 100;
    private final double angle;
    private double[] home;
    private double homeRadius;
    private boolean homeSquare;
    private double[] work;
    private double[] victimHome;
    private double victimRadius;
    private int curfewFrom;
    private int curfewTo;
    // true timeline at STEP resolution
    private long t0;
    private int n;
    private double[] px;
    private double[] py;
    private boolean[] indoor;
    private double[] vx;
    private double[] vy;
    private boolean[] strapOpen;
    private boolean[] off;
    private double[] battery;
    private boolean[] charging;

    public LimaTrackGenerator(long seed, int days) {
        this.seed = seed;
        this.days = days;
        this.rnd = new SplittableRandom(seed);
        double[] d = DISTRICTS[(int) Math.floorMod(seed, DISTRICTS.length)];
        this.lat0 = d[0] + rnd.nextDouble(-0.01, 0.01);
        this.lon0 = d[1] + rnd.nextDouble(-0.01, 0.01);
        this.kx = 111_320 * Math.cos(Math.toRadians(lat0));
        this.ky = 110_574;
        this.angle = rnd.nextDouble(0, Math.PI / 2);
        this.victimUnit = rnd.nextDouble() < 0.5;
    }

    /** Generates {@code days} device-days for {@code seed}. */
    public static Generated generate(long seed, int days) {
        return new LimaTrackGenerator(seed, days).build();
    }

    /**
     * Writes {@code <name>.json} (the scenario, SCENARIOS.md format, fixes in arrival order) and
     * {@code <name>.truth.json} into {@code dir}; returns both paths. {@code alterna replay FILE --truth TRUTH} scores it.
     */
    public static Path[] writeScenario(Path dir, long seed, int days) throws IOException {
        Generated g = generate(seed, days);
        Files.createDirectories(dir);
        Path scenario = dir.resolve(g.name() + ".json");
        Path truth = dir.resolve(g.name() + ".truth.json");
        Files.writeString(scenario, scenarioJson(g), StandardCharsets.UTF_8);
        Files.writeString(truth, truthJson(g.truth()), StandardCharsets.UTF_8);
        return new Path[] {scenario, truth};
    }

    /** The scenario as SCENARIOS.md JSON. */
    public static String scenarioJson(Generated g) {
        SupervisionPlan p = g.plan();
        StringBuilder sb = new StringBuilder(256 + g.fixes().size() * 200);
        sb.append("{\n  \"name\": ").append(str(g.name())).append(",\n  \"timezone\": ")
                .append(str(p.timezone().getId())).append(",\n  \"supervision\": {\n    \"zones\": [");
        for (int i = 0; i < p.zones().size(); i++) {
            Zone z = p.zones().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("      {\"id\": ").append(str(z.id())).append(", \"type\": ")
                    .append(str(z.type().name())).append(", \"geometry\": ");
            if (z.geometry() instanceof org.locationtech.jts.geom.Point pt) {
                sb.append("{\"type\": \"Point\", \"coordinates\": [").append(num(pt.getX())).append(", ")
                        .append(num(pt.getY())).append("]}, \"radiusMeters\": ").append(num(z.radiusMeters()));
            } else {
                sb.append("{\"type\": \"Polygon\", \"coordinates\": [[");
                Coordinate[] cs = z.geometry().getCoordinates();
                for (int k = 0; k < cs.length; k++) {
                    sb.append(k == 0 ? "" : ", ").append('[').append(num(cs[k].x)).append(", ").append(num(cs[k].y))
                            .append(']');
                }
                sb.append("]]}");
            }
            if (!z.schedule().entries().isEmpty()) {
                sb.append(", \"schedule\": [");
                int k = 0;
                for (WeeklySchedule.Entry e : z.schedule().entries()) {
                    sb.append(k++ == 0 ? "" : ", ").append("{\"days\": [");
                    int d = 0;
                    for (DayOfWeek day : e.days() == null ? EnumSet.allOf(DayOfWeek.class) : e.days()) {
                        sb.append(d++ == 0 ? "" : ", ").append(str(day.name().substring(0, 3)));
                    }
                    sb.append("], \"from\": ").append(str(e.from().toString())).append(", \"to\": ")
                            .append(str(e.to().toString())).append('}');
                }
                sb.append(']');
            }
            sb.append('}');
        }
        sb.append("\n    ]");
        if (p.victimProximityMeters() != null) {
            sb.append(",\n    \"victimProximityMeters\": ").append(num(p.victimProximityMeters()));
        }
        if (p.noCommunicationMinutes() != null) {
            sb.append(",\n    \"noCommunicationMinutes\": ").append(p.noCommunicationMinutes());
        }
        if (p.lowBatteryPercent() != null) {
            sb.append(",\n    \"lowBatteryPercent\": ").append(p.lowBatteryPercent());
        }
        sb.append("\n  },\n  \"fixes\": [");
        fixes(sb, g.fixes());
        sb.append("\n  ],\n  \"victimFixes\": [");
        fixes(sb, g.victimFixes());
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    /** A truth file: {@code deviceDays}, {@code violations}, {@code dontCare}. */
    public static String truthJson(Scorer.Truth t) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"deviceDays\": ").append(String.format(Locale.ROOT, "%.4f", t.deviceDays()))
                .append(",\n  \"violations\": [");
        intervals(sb, t.violations());
        sb.append("\n  ],\n  \"dontCare\": [");
        intervals(sb, t.dontCare());
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static void intervals(StringBuilder sb, List<Scorer.Interval> list) {
        for (int i = 0; i < list.size(); i++) {
            Scorer.Interval v = list.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"type\": ").append(str(v.type().name()))
                    .append(", \"zone\": ").append(v.zone() == null ? "null" : str(v.zone())).append(", \"start\": ")
                    .append(str(v.start().toString())).append(", \"end\": ")
                    .append(v.end() == null ? "null" : str(v.end().toString())).append('}');
        }
    }

    private static void fixes(StringBuilder sb, List<Fix> fixes) {
        for (int i = 0; i < fixes.size(); i++) {
            Fix f = fixes.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"time\": ").append(str(f.deviceTime().toString()))
                    .append(", \"lat\": ").append(String.format(Locale.ROOT, "%.7f", f.latitude()))
                    .append(", \"lon\": ").append(String.format(Locale.ROOT, "%.7f", f.longitude()));
            if (f.accuracyMeters() != null) {
                sb.append(", \"accuracy\": ").append(num(f.accuracyMeters()));
            }
            sb.append(", \"valid\": ").append(f.valid());
            if (f.source() != null) {
                sb.append(", \"source\": ").append(str(f.source().name()));
            }
            if (f.batteryPercent() != null) {
                sb.append(", \"battery\": ").append(f.batteryPercent());
            }
            if (f.strap() != null) {
                sb.append(", \"strap\": ").append(str(f.strap().name()));
            }
            if (f.charging() != null) {
                sb.append(", \"charging\": ").append(f.charging());
            }
            if (f.serverTime() != null && !f.serverTime().equals(f.deviceTime())) {
                sb.append(", \"receivedAt\": ").append(str(f.serverTime().toString()));
            }
            sb.append('}');
        }
    }

    private static String str(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    // ------------------------------------------------------------------------------------------ world

    private double[] node(double gx, double gy) {
        double x = Math.round(gx / grid) * grid;
        double y = Math.round(gy / grid) * grid;
        return new double[] {x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)};
    }

    private double[] toGrid(double[] p) {
        return new double[] {p[0] * Math.cos(angle) + p[1] * Math.sin(angle),
            -p[0] * Math.sin(angle) + p[1] * Math.cos(angle)};
    }

    private double lat(double y) {
        return lat0 + y / ky;
    }

    private double lon(double x) {
        return lon0 + x / kx;
    }

    private double[] randomNodeAt(double[] from, double min, double max) {
        double a = rnd.nextDouble(0, 2 * Math.PI);
        double r = rnd.nextDouble(min, max);
        double[] g = toGrid(from);
        return node(g[0] + r * Math.cos(a), g[1] + r * Math.sin(a));
    }

    private double homeDepth(double x, double y) {
        double dx = x - home[0];
        double dy = y - home[1];
        if (!homeSquare) {
            return Math.sqrt(dx * dx + dy * dy) - homeRadius;
        }
        double[] g = toGrid(new double[] {dx, dy});
        double ox = Math.abs(g[0]) - homeRadius;
        double oy = Math.abs(g[1]) - homeRadius;
        if (ox <= 0 && oy <= 0) {
            return Math.max(ox, oy);
        }
        return Math.hypot(Math.max(ox, 0), Math.max(oy, 0));
    }

    private double victimDepth(double x, double y) {
        return victimRadius - Math.hypot(x - victimHome[0], y - victimHome[1]);
    }

    private boolean curfew(long epoch) {
        long local = epoch + OFFSET;
        int sod = (int) Math.floorMod(local, 86400);
        return curfewTo < curfewFrom ? sod >= curfewFrom || sod < curfewTo : sod >= curfewFrom && sod < curfewTo;
    }

    // ------------------------------------------------------------------------------------------ trajectory

    private int cursor;

    private void stayUntil(long until, boolean in) {
        int end = Math.min(n, (int) ((until - t0) / STEP));
        double x = px[Math.max(0, cursor - 1)];
        double y = py[Math.max(0, cursor - 1)];
        while (cursor < end) {
            px[cursor] = x + rnd.nextDouble(-1, 1);
            py[cursor] = y + rnd.nextDouble(-1, 1);
            indoor[cursor] = in;
            cursor++;
        }
    }

    /** Moves along the street grid (first one axis, then the other) at speed v (m/s). */
    private void moveTo(double[] target, double v) {
        double[] from = toGrid(new double[] {px[Math.max(0, cursor - 1)], py[Math.max(0, cursor - 1)]});
        double[] to = toGrid(target);
        double[] corner = rnd.nextBoolean() ? new double[] {to[0], from[1]} : new double[] {from[0], to[1]};
        leg(from, corner, v);
        leg(corner, to, v);
    }

    private void leg(double[] a, double[] b, double v) {
        double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        int steps = (int) Math.ceil(len / (v * STEP));
        for (int i = 1; i <= steps && cursor < n; i++) {
            double f = (double) i / steps;
            double gx = a[0] + (b[0] - a[0]) * f;
            double gy = a[1] + (b[1] - a[1]) * f;
            px[cursor] = gx * Math.cos(angle) - gy * Math.sin(angle);
            py[cursor] = gx * Math.sin(angle) + gy * Math.cos(angle);
            indoor[cursor] = false;
            cursor++;
        }
    }

    private long now() {
        return t0 + (long) cursor * STEP;
    }

    private long localDay(int d, double hour) {
        return t0 + d * 86400L + (long) (hour * 3600);
    }

    // ------------------------------------------------------------------------------------------ build

    private Generated build() {
        // 2026-03-02 00:00 Lima .. + days
        long start = Instant.parse("2026-03-02T05:00:00Z").getEpochSecond() + Math.floorMod(seed, 200) * 86400L;
        t0 = start;
        n = (int) (days * 86400L / STEP);
        px = new double[n];
        py = new double[n];
        indoor = new boolean[n];
        vx = new double[n];
        vy = new double[n];
        strapOpen = new boolean[n];
        off = new boolean[n];
        battery = new double[n];
        charging = new boolean[n];

        home = node(0, 0);
        homeSquare = rnd.nextDouble() < 0.3;
        homeRadius = homeSquare ? rnd.nextDouble(50, 90) : rnd.nextDouble(80, 160);
        work = randomNodeAt(home, 1500, 4000);
        double[] wg = toGrid(work);
        double[] hg = toGrid(home);
        double away = Math.atan2(hg[1] - wg[1], hg[0] - wg[0]) + rnd.nextDouble(-0.6, 0.6);
        double vr = rnd.nextDouble(3500, 5500);
        victimHome = node(hg[0] + vr * Math.cos(away), hg[1] + vr * Math.sin(away));
        victimRadius = rnd.nextDouble(200, 400);
        curfewFrom = (19 + rnd.nextInt(3)) * 3600;
        curfewTo = (5 + rnd.nextInt(2)) * 3600;

        List<Scorer.Interval> forcedTamper = new ArrayList<>();
        px[0] = home[0];
        py[0] = home[1];
        cursor = 1;
        double[] victimMeet = null;
        long meetFrom = 0;
        long meetTo = 0;
        boolean[] skipCharge = new boolean[days + 1];
        for (int d = 0; d < days; d++) {
            double curfewH = curfewFrom / 3600.0;
            // night breach before dawn (after midnight of this day), sometimes
            if (rnd.nextDouble() < 0.08) {
                nightOut(localDay(d, rnd.nextDouble(0.5, 3.5)));
            } else if (rnd.nextDouble() < 0.12) {
                borderline(localDay(d, rnd.nextDouble(0.5, 4)));
            }
            stayUntil(localDay(d, rnd.nextDouble(6.5, 8.0)), true);
            double v = rnd.nextBoolean() ? 1.4 : 7;
            moveTo(work, v);
            stayUntil(localDay(d, rnd.nextDouble(16.5, 18.0)), true);
            double r = rnd.nextDouble();
            if (r < 0.06) { // exclusion-zone breach: an errand inside the victim's zone
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double[] inside = new double[] {victimHome[0] + victimRadius * 0.3 * Math.cos(a),
                    victimHome[1] + victimRadius * 0.3 * Math.sin(a)};
                moveTo(inside, 7);
                stayUntil(now() + rnd.nextLong(300, 1500), false);
            } else if (r < 0.12 && victimUnit) { // meets the victim away from the victim's home
                double[] shop = randomNodeAt(work, 300, 800);
                moveTo(shop, 1.4);
                victimMeet = shop;
                meetFrom = now() - rnd.nextLong(0, 300);
                stayUntil(now() + rnd.nextLong(600, 1800), false);
                meetTo = now();
            } else if (r < 0.6) { // ordinary errand
                double[] shop = randomNodeAt(rnd.nextBoolean() ? work : home, 300, 900);
                moveTo(shop, 1.4);
                stayUntil(now() + rnd.nextLong(600, 1800), true);
            }
            moveTo(home, rnd.nextBoolean() ? 1.4 : 7);
            long homeBy = localDay(d, curfewH - rnd.nextDouble(0.3, 2.5));
            if (now() < homeBy) {
                if (rnd.nextDouble() < 0.5) { // evening walk near home, back before curfew
                    stayUntil(now() + rnd.nextLong(600, 3600), true);
                    double[] park = randomNodeAt(home, 300, 600);
                    moveTo(park, 1.3);
                    stayUntil(now() + rnd.nextLong(300, 900), false);
                    moveTo(home, 1.3);
                }
            }
            if (rnd.nextDouble() < 0.08) { // late return: away at curfew start
                double[] bar = randomNodeAt(home, 400, 1200);
                moveTo(bar, 1.4);
                stayUntil(localDay(d, curfewH + rnd.nextDouble(0.2, 1.0)), true);
                moveTo(home, 1.4);
            }
            if (rnd.nextDouble() < 0.08) {
                nightOut(localDay(d, curfewH + rnd.nextDouble(0.5, 3.0)));
            } else if (rnd.nextDouble() < 0.15) {
                borderline(localDay(d, curfewH + rnd.nextDouble(0.5, 3.0)));
            }
            stayUntil(localDay(d + 1, 0), true);
            skipCharge[d] = rnd.nextDouble() < 0.12;
            if (rnd.nextDouble() < 0.05) {
                long ts = localDay(d, rnd.nextDouble(8, 22));
                long te = ts + rnd.nextLong(300, 2400);
                mark(strapOpen, ts, te);
            }
            if (rnd.nextDouble() < 0.06) {
                long ts = localDay(d, rnd.nextDouble(1, 23));
                mark(off, ts, ts + rnd.nextLong(2400, 9000));
            }
        }
        stayUntil(t0 + (long) n * STEP, true);

        // victim
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            if (victimMeet != null && t >= meetFrom && t < meetTo) {
                vx[i] = victimMeet[0] + 20;
                vy[i] = victimMeet[1] + 10;
            } else {
                vx[i] = victimHome[0] + 30 * Math.sin(i / 500.0);
                vy[i] = victimHome[1] + 30 * Math.cos(i / 700.0);
            }
        }
        // battery: drains ~2.4 %/h, charges at home 21:30-23:30 local at 35 %/h
        double b = rnd.nextDouble(70, 100);
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            int day = (int) ((t - t0) / 86400);
            double hour = Math.floorMod(t + OFFSET, 86400) / 3600.0;
            boolean ch = hour >= 21.5 && hour < 23.5 && !skipCharge[Math.min(day, days)] && b < 99.5
                    && homeDepth(px[i], py[i]) <= 0; // plugged in at home only
            charging[i] = ch;
            b += ch ? 35.0 * STEP / 3600 : -(indoor[i] ? 2.2 : 3.2) * STEP / 3600;
            b = Math.max(0, Math.min(100, b));
            battery[i] = b;
        }
        return emit();
    }

    private boolean moving(int i) {
        return i + 6 < n && Math.hypot(px[i + 6] - px[i], py[i + 6] - py[i]) > 20;
    }

    private void mark(boolean[] a, long from, long to) {
        for (long t = from; t < to; t += STEP) {
            int i = (int) ((t - t0) / STEP);
            if (i >= 0 && i < n) {
                a[i] = true;
            }
        }
    }

    private void nightOut(long at) {
        stayUntil(at, true);
        double[] dest = randomNodeAt(home, 300, 900);
        moveTo(dest, rnd.nextBoolean() ? 1.4 : 6);
        stayUntil(now() + rnd.nextLong(120, 2400), rnd.nextBoolean());
        moveTo(home, 1.4);
    }

    private void borderline(long at) {
        stayUntil(at, true);
        double a = rnd.nextDouble(0, 2 * Math.PI);
        double ext = rnd.nextDouble(15, 40);
        boolean quick = rnd.nextBoolean();
        double r = homeRadius + (quick ? rnd.nextDouble(40, 100) : ext);
        double[] p = new double[] {home[0] + r * Math.cos(a), home[1] + r * Math.sin(a)};
        leg(toGrid(new double[] {px[cursor - 1], py[cursor - 1]}), toGrid(p), 1.5);
        stayUntil(now() + (quick ? 0 : rnd.nextLong(120, 900)), false);
        leg(toGrid(new double[] {px[cursor - 1], py[cursor - 1]}), toGrid(home), 1.5);
    }

    // ------------------------------------------------------------------------------------------ device and truth

    private Generated emit() {
        List<Fix> fixes = new ArrayList<>();
        List<Fix> late = new ArrayList<>();
        GpsError error = new GpsError();
        long lbsUntil = 0;
        double lbsX = 0;
        double lbsY = 0;
        long bufferUntil = 0;
        long invalidUntil = 0;
        double lastGoodX = home[0];
        double lastGoodY = home[1];
        int pursuit = 0;
        boolean lbsIndoor = false;
        long outSince = -1;
        long t = t0 + rnd.nextLong(0, 60);
        long end = t0 + (long) n * STEP;
        while (t < end) {
            int i = (int) ((t - t0) / STEP);
            boolean moving = moving(i);
            if (indoor[i]) {
                outSince = -1;
            } else if (outSince < 0) {
                outSince = t;
            }
            double x = px[i];
            double y = py[i];
            boolean valid = true;
            Fix.PositionSource src = Fix.PositionSource.GPS;
            error.next(indoor[i], rnd);
            double ex = error.dx();
            double ey = error.dy();
            double acc = error.accuracy();
            if (indoor[i] && t >= invalidUntil && rnd.nextDouble() < 0.01) {
                invalidUntil = t + rnd.nextLong(300, 1800); // basement: no fix, repeats the last position
            }
            if (indoor[i] && t < invalidUntil) {
                valid = false;
            }
            if (t >= lbsUntil && rnd.nextDouble() < 0.01) {
                // cell fallback: long indoors (no sky), a minute or two outdoors (urban canyon)
                lbsIndoor = indoor[i];
                lbsUntil = t + (indoor[i] ? rnd.nextLong(120, 1200) : rnd.nextLong(60, 180));
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double r = rnd.nextDouble(250, 1000);
                lbsX = x + r * Math.cos(a);
                lbsY = y + r * Math.sin(a);
            }
            if (lbsIndoor && outSince >= 0 && t < lbsUntil) {
                lbsUntil = Math.min(lbsUntil, outSince + 60); // outdoors the receiver reacquires within a minute
            }
            double fx = x + ex;
            double fy = y + ey;
            if (t < lbsUntil) {
                src = Fix.PositionSource.LBS;
                valid = rnd.nextBoolean();
                fx = lbsX;
                fy = lbsY;
                acc = rnd.nextDouble(300, 1100);
            } else if (!valid) {
                fx = lastGoodX;
                fy = lastGoodY;
            } else {
                lastGoodX = fx;
                lastGoodY = fy;
            }
            int bat = (int) Math.round(battery[i] + rnd.nextGaussian() * 0.4);
            bat = Math.max(0, Math.min(100, bat));
            long received = t;
            if (t >= bufferUntil && rnd.nextDouble() < 0.0015) {
                bufferUntil = t + rnd.nextLong(300, 1200); // a short comm loss: fixes buffered, uploaded late
            }
            boolean buffered = t < bufferUntil || off[i]; // out of coverage: the tag keeps logging
            Fix f = new Fix(null, Instant.ofEpochSecond(t), Instant.ofEpochSecond(received), lat(fy), lon(fx), null,
                    null, null, null, null, (double) Math.round(acc * 10) / 10, valid, src, bat, null, charging[i],
                    strapOpen[i] ? Fix.StrapState.OPEN : Fix.StrapState.CLOSED, null, null);
            if (buffered) {
                late.add(f);
            } else {
                if (!late.isEmpty()) { // the backlog arrives after the first live fix
                    fixes.add(f);
                    for (Fix l : late) {
                        fixes.add(l.withServerTime(Instant.ofEpochSecond(t + 1)));
                    }
                    late.clear();
                    f = null;
                }
                if (f != null) {
                    fixes.add(f);
                }
            }
            boolean rawOut = src == Fix.PositionSource.GPS && (homeDepth(fx, fy) > 0 && curfew(t)
                    || victimDepth(fx, fy) > -100 || victimUnit && Math.hypot(fx - vx[i], fy - vy[i]) < 600);
            pursuit = rawOut ? 5 : Math.max(0, pursuit - 1);
            boolean strapEdge = i + 1 < n && strapOpen[i + 1] != strapOpen[i];
            long dt = moving || pursuit > 0 ? 60 : 300;
            if (strapEdge) {
                dt = STEP;
            }
            // a strap state change is reported at once; the accelerometer wakes a resting tag when motion starts
            for (int k = 1; k * STEP < dt && i + k < n; k++) {
                if (strapOpen[i + k] != strapOpen[i] || (off[i + k] != off[i])) {
                    dt = k * STEP;
                    break;
                }
                if (!moving && moving(i + k)) {
                    dt = Math.min(dt, k * STEP + 30);
                    break;
                }
            }
            t += dt + rnd.nextLong(-2, 3);
        }
        List<Fix> victimFixes = new ArrayList<>();
        if (victimUnit) {
            for (int i = 0; i < n; i += 6) {
                long vt = t0 + (long) i * STEP + 3;
                victimFixes.add(new Fix(null, Instant.ofEpochSecond(vt), Instant.ofEpochSecond(vt),
                        lat(vy[i] + rnd.nextGaussian() * 6), lon(vx[i] + rnd.nextGaussian() * 6), null, null, null,
                        null, null, 8.0, true, Fix.PositionSource.GPS, null, null, null, null, null, null));
            }
        }
        return label(fixes, victimFixes);
    }

    private Generated label(List<Fix> fixes, List<Fix> victimFixes) {
        List<Scorer.Interval> violations = new ArrayList<>();
        List<Scorer.Interval> dontCare = new ArrayList<>();
        List<Scorer.Interval> qualifying = new ArrayList<>();
        double[] homeD = new double[n];
        double[] exD = new double[n];
        double[] viD = new double[n];
        boolean[] low = new boolean[n];
        boolean[] atThreshold = new boolean[n];
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            homeD[i] = curfew(t) ? homeDepth(px[i], py[i]) : -1;
            exD[i] = victimDepth(px[i], py[i]);
            viD[i] = victimUnit ? 500 - Math.hypot(px[i] - vx[i], py[i] - vy[i]) : -1;
            low[i] = battery[i] < 14.5 && !charging[i]; // as the device reports it (whole percent)
            // the gauge reads 15 (or flickers 14/15): at the threshold, borderline as in the shared scenarios
            atThreshold[i] = battery[i] >= 14.5 && battery[i] < 15.5 && !charging[i];
        }
        runs(homeD, AlarmType.INCLUSION_ZONE, "home", violations, dontCare, qualifying);
        runs(exD, AlarmType.EXCLUSION_ZONE, "victim-home", violations, dontCare, qualifying);
        if (victimUnit) {
            runs(viD, AlarmType.VICTIM_PROXIMITY, null, violations, dontCare, qualifying);
        }
        flags(strapOpen, AlarmType.STRAP_TAMPER, violations, qualifying);
        flags(low, AlarmType.LOW_BATTERY, violations, qualifying);
        flags(atThreshold, AlarmType.LOW_BATTERY, dontCare, new ArrayList<>());
        // silence: arrival gaps longer than 30 min
        List<Instant> arrivals = new ArrayList<>();
        for (Fix f : fixes) {
            arrivals.add(f.serverTime());
        }
        arrivals.sort(null);
        for (int i = 1; i < arrivals.size(); i++) {
            if (arrivals.get(i).getEpochSecond() - arrivals.get(i - 1).getEpochSecond() > 1800) {
                Scorer.Interval v = new Scorer.Interval(AlarmType.NO_COMMUNICATION, null, arrivals.get(i - 1),
                        arrivals.get(i));
                violations.add(v);
                qualifying.add(v);
            }
        }
        double deviceDays = (double) n * STEP / 86400;
        Scorer.Truth truth = new Scorer.Truth(deviceDays, violations, dontCare);
        SupervisionPlan plan = plan();
        String name = String.format(Locale.ROOT, "lima-gen-%d", seed);
        return new Generated(name, plan, fixes, victimFixes, truth, qualifying, null, null);
    }

    /** Runs of positive depth: violations if they reach 50 m and last 2 min, else don't care. */
    private void runs(double[] depth, AlarmType type, String zone, List<Scorer.Interval> violations,
            List<Scorer.Interval> dontCare, List<Scorer.Interval> qualifying) {
        int i = 0;
        while (i < n) {
            if (depth[i] <= 0) {
                i++;
                continue;
            }
            int j = i;
            double max = 0;
            while (j < n && depth[j] > 0) {
                max = Math.max(max, depth[j]);
                j++;
            }
            Instant s = Instant.ofEpochSecond(t0 + (long) i * STEP);
            Instant e = Instant.ofEpochSecond(t0 + (long) j * STEP);
            Scorer.Interval iv = new Scorer.Interval(type, zone, s, e);
            long secs = (long) (j - i) * STEP;
            if (max < 50 || secs < 120) {
                dontCare.add(iv);
            } else {
                violations.add(iv);
                if (max >= 150 && secs >= 300) {
                    qualifying.add(iv);
                }
            }
            i = j;
        }
    }

    private void flags(boolean[] a, AlarmType type, List<Scorer.Interval> violations, List<Scorer.Interval> q) {
        int i = 0;
        while (i < n) {
            if (!a[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && a[j]) {
                j++;
            }
            Scorer.Interval iv = new Scorer.Interval(type, null, Instant.ofEpochSecond(t0 + (long) i * STEP),
                    Instant.ofEpochSecond(t0 + (long) j * STEP));
            violations.add(iv);
            q.add(iv);
            i = j;
        }
    }

    private SupervisionPlan plan() {
        Zone homeZone;
        WeeklySchedule curfewSchedule = WeeklySchedule.of(new WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class),
                LocalTime.ofSecondOfDay(curfewFrom), LocalTime.ofSecondOfDay(curfewTo)));
        if (homeSquare) {
            Coordinate[] cs = new Coordinate[5];
            double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}};
            for (int k = 0; k < 5; k++) {
                double gx = corners[k][0] * homeRadius;
                double gy = corners[k][1] * homeRadius;
                double x = home[0] + gx * Math.cos(angle) - gy * Math.sin(angle);
                double y = home[1] + gx * Math.sin(angle) + gy * Math.cos(angle);
                cs[k] = new Coordinate(lon(x), lat(y));
            }
            cs[4] = cs[0];
            homeZone = new Zone("home", ZoneType.INCLUSION, GF.createPolygon(cs), null, curfewSchedule);
        } else {
            homeZone = new Zone("home", ZoneType.INCLUSION, GF.createPoint(new Coordinate(lon(home[0]), lat(home[1]))),
                    homeRadius, curfewSchedule);
        }
        Zone ex = new Zone("victim-home", ZoneType.EXCLUSION,
                GF.createPoint(new Coordinate(lon(victimHome[0]), lat(victimHome[1]))), victimRadius, null);
        SupervisionPlan.Builder b = SupervisionPlan.builder().zone(homeZone).zone(ex).noCommunicationMinutes(30)
                .lowBatteryPercent(15);
        if (victimUnit) {
            b.victimProximityMeters(500.0);
        }
        return b.build();
    }
}
