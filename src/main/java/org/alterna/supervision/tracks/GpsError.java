package org.alterna.supervision.tracks;

import java.util.SplittableRandom;

/**
 * The position error of an ankle tag's GPS, one fix after another, as tags really fail: indoors a wide scatter with
 * multipath bursts (a few fixes 100–300 m away, sometimes with an optimistic accuracy), outdoors a slowly wandering
 * urban-canyon drift. Stateful (bursts and drift last over several fixes); after {@link #next} the error of the new
 * fix is in {@link #dx()}, {@link #dy()} (metres east and north) and {@link #accuracy()} (what the tag reports).
 * Shared by the labelled track generator and the simulated fleet, so both show the same noise.
 */
public final class GpsError {
    private double driftX;
    private double driftY;
    private int burstLeft;
    private double burstDx;
    private double burstDy;
    private boolean burstOptimistic;
    private double dx;
    private double dy;
    private double accuracy;

    /** Draws the error of the next fix, taken indoors or outdoors. */
    public void next(boolean indoor, SplittableRandom rnd) {
        if (indoor) {
            dx = rnd.nextGaussian() * 12;
            dy = rnd.nextGaussian() * 12;
            accuracy = 15 + Math.abs(rnd.nextGaussian()) * 15;
            if (burstLeft == 0 && rnd.nextDouble() < 0.035) {
                burstLeft = 1 + rnd.nextInt(4);
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double r = rnd.nextDouble(100, 300);
                burstDx = r * Math.cos(a);
                burstDy = r * Math.sin(a);
                burstOptimistic = rnd.nextDouble() < 0.3;
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
