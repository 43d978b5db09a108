package org.alterna.simulation.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a person does on one local day, as a sequence of legs along the street grid: nights at home, work or errands
 * by day (walking ~5 km/h, buses ~25 km/h), an evening walk, home before the curfew; and, at the requested rate, a
 * real breach: leaving home during the curfew, entering the exclusion zone, approaching the victim, or opening the
 * strap. A breach can also be forced at a given moment: the person drops what they are doing and travels into the
 * exclusion zone, entering it then (any protocol can show it, at any time of day). Deterministic for (person, day,
 * violation rate, forced moment).
 */
final class DayPlan {
    /** Lima: UTC-5, no daylight saving time. */
    static final int LIMA_OFFSET = -5 * 3600;
    static final double WALK = 1.4;
    static final double BUS = 7.0;

    /** A breach the plan contains (the truth), in epoch seconds. */
    record Breach(String type, long start, long end) {
    }

    /** A leg from a to b via a street corner, in [start, end). A stay has a = corner = b. */
    record Leg(long start, long end, double ax, double ay, double cx, double cy, double bx, double by,
            boolean indoor, double speed) {
        double length() {
            return Math.hypot(cx - ax, cy - ay) + Math.hypot(bx - cx, by - cy);
        }
    }

    /** Where the person is at a time. */
    record Where(double x, double y, boolean indoor, double speed, double course) {
    }

    final long dayStart;
    final List<Leg> legs = new ArrayList<>();
    final List<Breach> breaches = new ArrayList<>();
    final long[] strapOpen; // [from, to) or null
    final boolean skipCharging;
    private final SimulatedPerson p;
    private final SplittableRandom r;
    private long t;
    private double x;
    private double y;

    /** {@code day}: days since the epoch in Lima local time. */
    DayPlan(SimulatedPerson p, long day, double violationRate) {
        this(p, day, violationRate, Long.MIN_VALUE);
    }

    /**
     * With a breach forced at {@code forcedAt} (epoch second): entering the exclusion zone then, unless the day
     * already has a breach or the moment is not within this day.
     */
    DayPlan(SimulatedPerson p, long day, double violationRate, long forcedAt) {
        this.p = p;
        this.dayStart = day * 86400 - LIMA_OFFSET;
        this.r = new SplittableRandom(SimulatedPerson.mix(p.seed, p.index, day * 31 + 7));
        this.t = dayStart;
        String breach = null;
        if (r.nextDouble() < violationRate) {
            List<String> types = new ArrayList<>(List.of("CURFEW", "EXCLUSION_ZONE", "STRAP_OPEN"));
            if (p.victim) {
                types.add("VICTIM_PROXIMITY");
            }
            breach = types.get(r.nextInt(types.size()));
        }
        boolean lateCurfewBreach = r.nextBoolean();
        this.skipCharging = r.nextDouble() < 0.1;
        boolean weekday = Math.floorMod(day + 3, 7) < 5; // 1970-01-01 was a Thursday
        if ("CURFEW".equals(breach) && !lateCurfewBreach && !p.houseArrest) {
            nightOut(hour(r.nextDouble(1.0, 3.5)));
        } else if ("CURFEW".equals(breach) && p.houseArrest) {
            nightOut(hour(r.nextDouble(10, 16)));
        }
        if (!p.houseArrest) {
            if (p.works && (weekday || p.measure.equals("SEMI_LIBERTAD"))) {
                stay(hour(r.nextDouble(6.3, 8.0)), true);
                go(p.work);
                stay(hour(r.nextDouble(16.3, 18.0)), true);
            } else {
                stay(hour(r.nextDouble(8.5, 11.0)), true);
                double[] market = p.node(r, 300, 1200, 0);
                go(market);
                stay(t + r.nextLong(1800, 5400), true);
            }
            if ("EXCLUSION_ZONE".equals(breach)) {
                double a = r.nextDouble(0, 2 * Math.PI);
                double d = p.exclusionRadius * r.nextDouble(0.1, 0.5);
                long from = t;
                go(new double[] {p.exclusion[0] + d * Math.cos(a), p.exclusion[1] + d * Math.sin(a)});
                long in = t - (long) (p.exclusionRadius / BUS);
                stay(t + r.nextLong(600, 1500), false);
                breaches.add(new Breach(breach, Math.max(from, in), t));
            } else if ("VICTIM_PROXIMITY".equals(breach)) {
                double a = r.nextDouble(0, 2 * Math.PI);
                double d = r.nextDouble(60, 200);
                go(new double[] {p.victimWork[0] + d * Math.cos(a), p.victimWork[1] + d * Math.sin(a)});
                long from = t;
                stay(t + r.nextLong(600, 1500), false);
                breaches.add(new Breach(breach, from, t));
            } else if (r.nextDouble() < 0.5) {
                double[] shop = p.node(r, 300, 900, 0);
                go(shop);
                stay(t + r.nextLong(600, 1800), true);
            }
            go(new double[] {0, 0});
            long curfewStart = dayStart + p.curfewFrom;
            if (r.nextDouble() < 0.5 && t < curfewStart - 5400) { // an evening walk, back well before the curfew
                stay(t + r.nextLong(600, 2400), true);
                go(p.node(r, 250, 600, 0));
                stay(t + r.nextLong(300, 900), false);
                go(new double[] {0, 0});
            }
            if ("CURFEW".equals(breach) && lateCurfewBreach) {
                nightOut(curfewStart + r.nextLong(1800, 7200));
            }
        }
        stay(dayStart + 86400, true);
        if (breach == null && forcedAt >= dayStart && forcedAt < dayStart + 86400) {
            intoExclusionZone(forcedAt);
        }
        if ("STRAP_OPEN".equals(breach)) {
            long s = dayStart + r.nextLong(9 * 3600, 21 * 3600);
            strapOpen = new long[] {s, s + r.nextLong(600, 2400)};
            breaches.add(new Breach(breach, strapOpen[0], strapOpen[1]));
        } else {
            strapOpen = null;
        }
    }

    private long hour(double h) {
        return dayStart + (long) (h * 3600);
    }

    /**
     * The forced breach: from wherever the plan has the person, straight to a point inside the exclusion zone
     * (by bus beyond 1.2 km, with the waits spread over the ride), entering the zone at {@code at}; 10-25 min there,
     * then home for the rest of the day.
     */
    private void intoExclusionZone(long at) {
        double a = r.nextDouble(0, 2 * Math.PI);
        double d = p.exclusionRadius * r.nextDouble(0.1, 0.5);
        double[] target = {p.exclusion[0] + d * Math.cos(a), p.exclusion[1] + d * Math.sin(a)};
        double inside = p.exclusionRadius - d;
        // where the person is when leaving depends on when: settle it in two steps
        long leave = Math.max(dayStart, at - 1200);
        for (int i = 0; i < 2; i++) {
            Where w = at(leave);
            leave = Math.max(dayStart, at - toBoundary(pathLength(w.x(), w.y(), target), inside));
        }
        Where from = at(leave);
        double len = pathLength(from.x(), from.y(), target);
        long ride = rideSeconds(len);
        cut(leave, from.x(), from.y());
        go(target, ride);
        long entered = leave + toBoundary(len, inside);
        stay(t + r.nextLong(600, 1500), false);
        breaches.add(new Breach("EXCLUSION_ZONE", Math.min(entered, t - 1), t));
        go(new double[] {0, 0});
        stay(dayStart + 86400, true);
    }

    /** Length of the L-shaped street path from (x0, y0) to {@code b} (either corner gives the same). */
    private double pathLength(double x0, double y0, double[] b) {
        double dx = b[0] - x0;
        double dy = b[1] - y0;
        return Math.abs(dx * Math.cos(p.angle) + dy * Math.sin(p.angle))
                + Math.abs(-dx * Math.sin(p.angle) + dy * Math.cos(p.angle));
    }

    /** A forced trip's duration: on foot under 1.2 km, else by bus with 5 min of waits spread over the ride. */
    private static long rideSeconds(double len) {
        return Math.max(1, len > 1200 ? (long) (len / BUS) + 300 : (long) (len / WALK));
    }

    /** Seconds of such a trip until {@code inside} metres before its end (where it crosses into the zone). */
    private static long toBoundary(double len, double inside) {
        return len <= 0 ? 0 : (long) (rideSeconds(len) * Math.max(0, len - inside) / len);
    }

    /** Ends the plan at {@code time}, where the person then is. */
    private void cut(long time, double px, double py) {
        while (!legs.isEmpty() && legs.get(legs.size() - 1).start() >= time) {
            legs.remove(legs.size() - 1);
        }
        if (!legs.isEmpty()) {
            Leg l = legs.remove(legs.size() - 1);
            if (l.speed() == 0) {
                legs.add(new Leg(l.start(), time, l.ax(), l.ay(), l.ax(), l.ay(), l.ax(), l.ay(), l.indoor(), 0));
            } else { // the part already travelled, at the same speed: via the corner if it was passed
                double first = Math.hypot(l.cx() - l.ax(), l.cy() - l.ay());
                boolean pastCorner = l.speed() * (time - l.start()) > first;
                legs.add(new Leg(l.start(), time, l.ax(), l.ay(), pastCorner ? l.cx() : px, pastCorner ? l.cy() : py,
                        px, py, false, l.speed()));
            }
        }
        t = time;
        x = px;
        y = py;
    }

    /** Leaves home during the curfew: 400-1,200 m away for 15-60 min, outdoors. */
    private void nightOut(long at) {
        stay(at, true);
        long left = t;
        go(p.node(r, 400, 1200, 0));
        stay(t + r.nextLong(900, 3600), false);
        go(new double[] {0, 0});
        breaches.add(new Breach("CURFEW", left + (long) (p.homeRadius / WALK), t - (long) (p.homeRadius / WALK)));
    }

    private void stay(long until, boolean indoor) {
        if (until > t) {
            legs.add(new Leg(t, until, x, y, x, y, x, y, indoor, 0));
            t = until;
        }
    }

    /** Along the streets to {@code b}: on foot under 1.2 km, else by bus. */
    private void go(double[] b) {
        go(b, 0);
    }

    /** Along the streets to {@code b}, arriving after {@code duration} seconds (0: at the mode's own pace). */
    private void go(double[] b, long duration) {
        double ga = x * Math.cos(p.angle) + y * Math.sin(p.angle);
        double gb = -x * Math.sin(p.angle) + y * Math.cos(p.angle);
        double ha = b[0] * Math.cos(p.angle) + b[1] * Math.sin(p.angle);
        double hb = -b[0] * Math.sin(p.angle) + b[1] * Math.cos(p.angle);
        double cga = r.nextBoolean() ? ha : ga;
        double cgb = cga == ha ? gb : hb;
        double cx = cga * Math.cos(p.angle) - cgb * Math.sin(p.angle);
        double cy = cga * Math.sin(p.angle) + cgb * Math.cos(p.angle);
        double len = Math.hypot(cx - x, cy - y) + Math.hypot(b[0] - cx, b[1] - cy);
        if (len < 1) {
            return;
        }
        double v = len > 1200 ? BUS : WALK;
        long dur = duration > 0 ? duration
                : Math.max(1, (long) (len / v) + (v == BUS ? r.nextLong(120, 900) : 0)); // bus: waits at stops
        legs.add(new Leg(t, t + dur, x, y, cx, cy, b[0], b[1], false, len / dur));
        t += dur;
        x = b[0];
        y = b[1];
    }

    /** Where the person is at {@code time} (within this day). */
    Where at(long time) {
        Leg leg = legs.get(legs.size() - 1);
        int lo = 0;
        int hi = legs.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Leg m = legs.get(mid);
            if (time < m.start()) {
                hi = mid - 1;
            } else if (time >= m.end()) {
                lo = mid + 1;
            } else {
                leg = m;
                break;
            }
        }
        if (leg.speed() == 0) {
            return new Where(leg.bx(), leg.by(), leg.indoor(), 0, 0);
        }
        double along = leg.length() * Math.min(1, Math.max(0, (double) (time - leg.start()) / (leg.end() - leg.start())));
        double first = Math.hypot(leg.cx() - leg.ax(), leg.cy() - leg.ay());
        double px;
        double py;
        double dx;
        double dy;
        if (along <= first && first > 0) {
            double f = along / first;
            px = leg.ax() + (leg.cx() - leg.ax()) * f;
            py = leg.ay() + (leg.cy() - leg.ay()) * f;
            dx = leg.cx() - leg.ax();
            dy = leg.cy() - leg.ay();
        } else {
            double second = Math.max(1e-9, Math.hypot(leg.bx() - leg.cx(), leg.by() - leg.cy()));
            double f = Math.min(1, (along - first) / second);
            px = leg.cx() + (leg.bx() - leg.cx()) * f;
            py = leg.cy() + (leg.by() - leg.cy()) * f;
            dx = leg.bx() - leg.cx();
            dy = leg.by() - leg.cy();
        }
        double course = (Math.toDegrees(Math.atan2(dx, dy)) + 360) % 360;
        return new Where(px, py, false, leg.speed(), course);
    }

    boolean strapOpenAt(long time) {
        return strapOpen != null && time >= strapOpen[0] && time < strapOpen[1];
    }
}
