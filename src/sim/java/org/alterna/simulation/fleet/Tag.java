package org.alterna.simulation.fleet;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.alterna.simulation.tracks.GpsError;

/**
 * The ankle tag (or the victim's unit) worn by a simulated person: what it records at each tick, with the noise real
 * tags show — indoor scatter and wide accuracy, multipath jumps of 100-300 m (sometimes several fixes in a row,
 * sometimes with an optimistic accuracy), urban-canyon drift outdoors, basements without a fix (the last position is
 * repeated, not valid), cell (LBS) positions hundreds of metres off, signal gaps whose records are buffered and
 * uploaded late — plus battery drain, the nightly charge and the strap. Deterministic for (seed, index, role) and
 * the sequence of tick times. Not thread-safe: one tag, one event loop. The demo's incident people
 * ({@link DemoIncidents}) follow a schedule instead of a day plan.
 */
class Tag {
    /** Battery drain in %/h (indoors, outdoors) and charge rate, ~40 h autonomy like the tags in service. */
    static final double DRAIN_INDOOR = 2.2;
    static final double DRAIN_OUTDOOR = 3.2;
    static final double CHARGE = 35;

    final SimulatedPerson person;
    final boolean victimUnit;
    final String imei;
    private final double violationRate;
    private final SplittableRandom r;
    private final GpsError error = new GpsError();
    private DayPlan plan;
    private long lastT = Long.MIN_VALUE;
    private double battery;
    private long invalidUntil;
    private long lbsUntil;
    private double lbsX;
    private double lbsY;
    private long gapUntil;
    private double lastGoodX;
    private double lastGoodY;
    private long forcedBreach = Long.MIN_VALUE;

    Tag(SimulatedPerson person, boolean victimUnit, double violationRate) {
        this.person = person;
        this.victimUnit = victimUnit;
        this.imei = SimulatedPerson.imei(person.seed, person.index, victimUnit ? 1 : 0);
        this.violationRate = victimUnit ? 0 : violationRate;
        this.r = new SplittableRandom(SimulatedPerson.mix(person.seed, person.index, victimUnit ? 0x51 : 0x50));
        this.battery = r.nextDouble(55, 100);
    }

    DayPlan plan(long epochSecond) {
        long day = Math.floorDiv(epochSecond + DayPlan.LIMA_OFFSET, 86400);
        if (plan == null || plan.dayStart != day * 86400 - DayPlan.LIMA_OFFSET) {
            plan = new DayPlan(person, day, violationRate, forcedBreach);
        }
        return plan;
    }

    /**
     * Makes the person enter the exclusion zone at {@code at} (unless the day plan has a breach that day); before the
     * first record.
     */
    void forceBreach(Instant at) {
        if (victimUnit) {
            throw new IllegalStateException("the victim's unit does not breach");
        }
        forcedBreach = at.getEpochSecond();
        plan = null;
    }

    /** The forced breach's moment, or null. */
    Instant forcedBreach() {
        return forcedBreach == Long.MIN_VALUE ? null : Instant.ofEpochSecond(forcedBreach);
    }

    /** The record the tag takes at {@code time}, or null when its battery is flat (a dead tag says nothing). */
    SimFix take(Instant time) {
        long t = time.getEpochSecond();
        double dt = lastT == Long.MIN_VALUE ? 0 : Math.max(0, t - lastT);
        lastT = t;
        int sod = (int) Math.floorMod(t + DayPlan.LIMA_OFFSET, 86400);
        DayPlan day = plan(t);
        DayPlan.Where w = victimUnit ? victimAt(t, sod) : day.at(t);
        boolean home = Math.hypot(w.x(), w.y()) < 30 || victimUnit;
        double hour = sod / 3600.0;
        boolean charging = home && hour >= 21.5 && hour < 23.5 && !day.skipCharging && battery < 99.5;
        battery += charging ? CHARGE * dt / 3600 : -(w.indoor() ? DRAIN_INDOOR : DRAIN_OUTDOOR) * dt / 3600;
        battery = Math.max(0, Math.min(100, battery));
        if (battery <= 0 && !charging) {
            return null;
        }
        double x = w.x();
        double y = w.y();
        error.next(w.indoor(), w.speed() > 0, r);
        double ex = error.dx();
        double ey = error.dy();
        double acc = error.accuracy();
        boolean valid = true;
        int sats;
        if (w.indoor()) {
            sats = 4 + r.nextInt(4);
            if (t >= invalidUntil && r.nextDouble() < chance(0.5, dt)) {
                invalidUntil = t + r.nextLong(300, 1800); // basement: no fix
            }
            valid = t >= invalidUntil;
        } else {
            sats = 7 + r.nextInt(6);
        }
        boolean lbs = false;
        if (t >= lbsUntil && r.nextDouble() < chance(0.6, dt)) {
            lbsUntil = t + r.nextLong(120, 1200);
            double a = r.nextDouble(0, 2 * Math.PI);
            double d = r.nextDouble(250, 1000);
            lbsX = x + d * Math.cos(a);
            lbsY = y + d * Math.sin(a);
        }
        double fx = x + ex;
        double fy = y + ey;
        if (t < lbsUntil) {
            lbs = true;
            valid = false;
            fx = lbsX;
            fy = lbsY;
            acc = r.nextDouble(300, 1100);
            sats = 0;
        } else if (!valid) {
            fx = lastGoodX;
            fy = lastGoodY;
            sats = 0;
        } else {
            lastGoodX = fx;
            lastGoodY = fy;
        }
        if (t >= gapUntil && r.nextDouble() < chance(0.09, dt)) {
            gapUntil = t + r.nextLong(300, 1200); // no GSM: records are kept and uploaded when the signal returns
        }
        double speed = valid ? Math.max(0, w.speed() * 3.6 + r.nextGaussian() * (w.speed() > 0 ? 1.5 : 0.3)) : 0;
        return new SimFix(time, person.lat(fy), person.lon(fx), 150 + Math.round(r.nextGaussian() * 8), speed,
                w.speed() > 0 ? w.course() : 0, sats, Math.round(acc * 10) / 10.0, valid, lbs,
                (int) Math.round(battery), charging, !victimUnit && day.strapOpenAt(t), t < gapUntil);
    }

    /**
     * Records the tag took before it first reached the server, oldest first (uploaded before its first live record);
     * none for the fleet's tags, which start with the simulation.
     */
    List<SimFix> backlog(Instant start, java.time.Duration interval) {
        return List.of();
    }

    /** The victim: at home (the exclusion zone's centre) except 09:00-17:00 on weekdays at work. */
    private DayPlan.Where victimAt(long t, int sod) {
        long day = Math.floorDiv(t + DayPlan.LIMA_OFFSET, 86400);
        boolean weekday = Math.floorMod(day + 3, 7) < 5;
        double[] at = weekday && sod >= 9 * 3600 && sod < 17 * 3600 ? person.victimWork : person.exclusion;
        return new DayPlan.Where(at[0], at[1], true, 0, 0);
    }

    /** Probability of an event with {@code perHour} occurrences per hour within {@code dt} seconds. */
    private static double chance(double perHour, double dt) {
        return 1 - Math.exp(-perHour * dt / 3600);
    }
}
