package org.alterna.simulation.tracks;

import java.util.SplittableRandom;

/**
 * The position error of an ankle tag's GPS, one fix after another, as tags really fail: indoors a wide scatter with
 * multipath bursts (a few fixes 100–300 m away, sometimes with an optimistic accuracy), outdoors a slowly wandering
 * drift and, for a walker between buildings, urban-canyon reflections (25–100 m for a few fixes). Stateful (bursts and drift last over several fixes); after {@link #next} the error of the new
 * fix is in {@link #dx()}, {@link #dy()} (metres east and north) and {@link #accuracy()} (what the tag reports).
 * Shared by the labelled track generator and the simulated fleet, so both show the same noise.
 */
public final class GpsError {
    /** Chance per indoor fix that a multipath burst starts (bursts last 1-4 fixes). */
    private final double burstChance;
    private final double burstMin;
    private final double burstMax;
    /** Share of bursts that report an optimistic accuracy (12-20 m) on most of their fixes. */
    private final double optimisticShare;
    private double driftX;
    private double driftY;
    private int burstLeft;
    private double burstDx;
    private double burstDy;
    private boolean burstOptimistic;
    private int canyonLeft;
    private int canyonK;
    private double canyonDx;
    private double canyonDy;
    private boolean canyonOptimistic;
    private double dx;
    private double dy;
    private double accuracy;

    /** The standard tag: bursts of 100-300 m starting on 3.5 % of indoor fixes, 30 % of them optimistic. */
    public GpsError() {
        this(0.035, 100, 300, 0.3);
    }

    /**
     * A tag with its own multipath: a burst starts on {@code burstChance} of the indoor fixes outside a burst, shifts
     * the fixes {@code burstMin}-{@code burstMax} metres, and {@code optimisticShare} of the bursts report 12-20 m.
     */
    public GpsError(double burstChance, double burstMin, double burstMax, double optimisticShare) {
        this.burstChance = burstChance;
        this.burstMin = burstMin;
        this.burstMax = burstMax;
        this.optimisticShare = optimisticShare;
    }

    /**
     * The chance per fix outside a burst that makes {@code share} of all indoor fixes part of a burst (bursts of
     * 1-4 fixes, 2.5 on average).
     */
    public static double burstChanceFor(double share) {
        return share / (2.5 * (1 - share));
    }

    /** Draws the error of the next fix, taken indoors or outdoors, by a tag at rest or on the move. */
    public void next(boolean indoor, boolean moving, SplittableRandom rnd) {
        if (indoor) {
            dx = rnd.nextGaussian() * 12;
            dy = rnd.nextGaussian() * 12;
            accuracy = 15 + Math.abs(rnd.nextGaussian()) * 15;
            if (burstLeft == 0 && rnd.nextDouble() < burstChance) {
                burstLeft = 1 + rnd.nextInt(4);
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double r = rnd.nextDouble(burstMin, burstMax);
                burstDx = r * Math.cos(a);
                burstDy = r * Math.sin(a);
                burstOptimistic = rnd.nextDouble() < optimisticShare;
            }
            if (burstLeft > 0) {
                burstLeft--;
                dx = burstDx + rnd.nextGaussian() * 15;
                dy = burstDy + rnd.nextGaussian() * 15;
                accuracy = burstOptimistic && rnd.nextDouble() < 0.8 ? rnd.nextDouble(12, 20)
                        : rnd.nextDouble(40, 300);
            }
        } else {
            driftX = driftX * 0.9 + rnd.nextGaussian() * 6;
            driftY = driftY * 0.9 + rnd.nextGaussian() * 6;
            dx = driftX + rnd.nextGaussian() * 5;
            dy = driftY + rnd.nextGaussian() * 5;
            accuracy = 4 + Math.abs(rnd.nextGaussian()) * 6 + Math.hypot(driftX, driftY) * 0.5;
            // urban canyon: a reflection off the buildings shifts the walker's fixes 25-100 m (on top of the drift)
            // for one to three minutes, at once or building up over two fixes, often with an accuracy that does not
            // admit it (Lima's centres are mid-rise: larger offsets are the indoor multipath's)
            if (canyonLeft == 0 && moving && rnd.nextDouble() < 0.015) {
                canyonLeft = 1 + rnd.nextInt(3);
                canyonK = rnd.nextBoolean() ? 0 : 1; // sudden, or building up over two fixes
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double r = rnd.nextDouble() < 0.75 ? rnd.nextDouble(25, 60) : rnd.nextDouble(60, 100);
                canyonDx = r * Math.cos(a);
                canyonDy = r * Math.sin(a);
                canyonOptimistic = rnd.nextDouble() < 0.4;
            }
            if (canyonLeft > 0) {
                double ramp = Math.min(1, (canyonK + 1) / 2.0);
                canyonK++;
                canyonLeft--;
                dx += canyonDx * ramp;
                dy += canyonDy * ramp;
                accuracy = canyonOptimistic ? rnd.nextDouble(8, 20) : rnd.nextDouble(25, 80);
            }
        }
    }

    public double dx() {
        return dx;
    }

    public double dy() {
        return dy;
    }

    public double accuracy() {
        return accuracy;
    }
}
