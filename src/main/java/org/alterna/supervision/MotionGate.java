package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * Which GPS fixes the zone, route and victim rules may use, and how the person moves between them. A fix implying an
 * impossible speed from the last trusted position is not trusted (at most {@link Thresholds#maxRejects} in a row: then
 * the person really is elsewhere). Each trusted fix extends or ends the motion-coherence run
 * ({@link DeviceState#coherentRun}): a step is evidence of travel only when both fixes are precise, it is taken at the
 * moving report rate and it clearly exceeds their combined accuracy; it continues a path when it matches the previous
 * step's velocity (constant-velocity prediction). Multipath jumps from rest fail one or the other; two precise fixes a
 * moving report apart that agree show the person stopped (-1). Sets {@link DeviceState#fixTrusted} for the rules after
 * it and keeps the last trusted positions.
 */
final class MotionGate implements SupervisionRule {

    /**
     * @param maxSpeed metres per second no person under supervision reaches
     * @param jumpAllowanceMetres added to the distance that speed allows (with both fixes' accuracies)
     * @param maxRejects fixes rejected in a row before the next one is trusted whatever its speed
     * @param stepMaxSeconds longest gap between two fixes that still shows travel (moving tags report every minute)
     * @param stepMinMetres shortest step that shows travel (and the most two agreeing fixes of a stop lie apart)
     * @param stepAccuracyMetres both fixes of a step at most this inaccurate
     * @param stepMinSpeed metres per second below which a step is no travel
     * @param speedRatioMin a step continues a path at this fraction of the previous step's speed or more
     * @param speedRatioMax ... and at this multiple of it or less
     * @param predictionTolerance ... and within this fraction of the predicted step (plus both accuracies) of where
     *     the previous velocity predicted it
     * @param minAccuracyMetres the least accuracy the zone rules credit a fix with
     * @param maxKeptAccuracyMetres the most accuracy kept for the last trusted position
     * @param hdopMetres metres of horizontal error per unit of HDOP, for tags that report HDOP instead of an accuracy
     *     (Teltonika, GT06 with its HDOP module): the user-equivalent range error of a consumer receiver, about 5 m, so
     *     that HDOP 1 reads as 5 m and HDOP 4 (a poor indoor fix) as 20 m, as a phone would estimate them
     * @param unknownAccuracyMetres a tag's accuracy when it says nothing of its fixes' quality
     */
    record Thresholds(double maxSpeed, double jumpAllowanceMetres, int maxRejects, double stepMaxSeconds,
            double stepMinMetres, double stepAccuracyMetres, double stepMinSpeed, double speedRatioMin,
            double speedRatioMax, double predictionTolerance, double minAccuracyMetres, double maxKeptAccuracyMetres,
            double hdopMetres, double unknownAccuracyMetres) {
        static final Thresholds STANDARD = new Thresholds(50, 100, 3, 120, 30, 30, 0.7, 0.5, 2, 0.5, 8, 500, 5, 30);
    }

    /** The gate of the engine in service (also the accuracy every rule reads a fix with). */
    static final MotionGate STANDARD = new MotionGate(Thresholds.STANDARD);

    /** The longest motion-coherence run counted (it only needs to tell 2 and more apart). */
    private static final int LONGEST_RUN = 100;

    private final Thresholds thresholds;

    MotionGate(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        state.fixTrusted = SupervisionEngine.gpsPosition(fix) && trust(state, fix, time);
    }

    /**
     * A fix's accuracy in metres as the zone rules use it: the reported accuracy; else HDOP ×
     * {@link Thresholds#hdopMetres}; else from the satellites in use (8 or more: an open sky, 15 m; 7: 30 m; 5-6: 50 m;
     * fewer: 80 m — indoors a tag rarely holds more than 7); else {@link Thresholds#unknownAccuracyMetres}.
     */
    double accuracy(Fix fix) {
        Double reported = fix.accuracyMeters();
        if (reported != null) {
            return reported;
        }
        Double hdop = fix.hdop();
        if (hdop != null && hdop > 0) {
            return hdop * thresholds.hdopMetres();
        }
        Integer satellites = fix.satellites();
        if (satellites != null && satellites > 0) {
            return satellites >= 8 ? 15 : satellites == 7 ? 30 : satellites >= 5 ? 50 : 80;
        }
        return thresholds.unknownAccuracyMetres();
    }

    /** The speed gate against the last trusted position; a trusted fix updates the motion coherence. */
    private boolean trust(DeviceState state, Fix fix, long time) {
        double accuracy = accuracy(fix);
        if (!state.hasTrusted) {
            accept(state, fix, time, accuracy, 0, 0, false, 0, 0);
            return true;
        }
        double seconds = (time - state.trustedTime) / 1000.0;
        double eastScale = Geo.kx(state.trustedLat);
        double northScale = Geo.ky(state.trustedLat);
        double distance = Geo.distance(state.trustedLat, state.trustedLon, fix.latitude(), fix.longitude(), eastScale,
                northScale);
        if (distance > thresholds.maxSpeed() * Math.max(seconds, 1) + accuracy + state.trustedAccuracy
                + thresholds.jumpAllowanceMetres() && state.rejects < thresholds.maxRejects()) {
            state.rejects++;
            return false;
        }
        accept(state, fix, time, accuracy, distance, seconds, true, eastScale, northScale);
        return true;
    }

    /**
     * Makes the fix the last trusted position. {@code eastScale}, {@code northScale}: metres per degree at the previous
     * one (used with {@code motion} only).
     */
    private void accept(DeviceState state, Fix fix, long time, double accuracy, double distance, double seconds,
            boolean motion, double eastScale, double northScale) {
        state.remember(Math.max(thresholds.minAccuracyMetres(), accuracy));
        if (motion && seconds > 0) {
            double speed = distance / seconds;
            double east = Geo.wrapLon(fix.longitude() - state.trustedLon) * eastScale;
            double north = (fix.latitude() - state.trustedLat) * northScale;
            double heading = Math.atan2(east, north);
            boolean precise = accuracy <= thresholds.stepAccuracyMetres()
                    && state.trustedAccuracy <= thresholds.stepAccuracyMetres();
            boolean step = seconds <= thresholds.stepMaxSeconds() && speed >= thresholds.stepMinSpeed()
                    && speed <= thresholds.maxSpeed() && precise
                    && distance >= Math.max(thresholds.stepMinMetres(), accuracy + state.trustedAccuracy);
            if (!step) {
                boolean stopped = seconds <= thresholds.stepMaxSeconds() && precise
                        && distance < thresholds.stepMinMetres();
                state.coherentRun = stopped ? (byte) -1 : 0;
            } else if (state.coherentRun > 0) {
                double predictedEast = state.lastSpeed * seconds * Math.sin(state.lastHeading);
                double predictedNorth = state.lastSpeed * seconds * Math.cos(state.lastHeading);
                double missed = Math.hypot(east - predictedEast, north - predictedNorth);
                double ratio = speed / state.lastSpeed;
                boolean consistent = ratio >= thresholds.speedRatioMin() && ratio <= thresholds.speedRatioMax()
                        && missed <= thresholds.predictionTolerance() * Math.hypot(predictedEast, predictedNorth)
                                + accuracy + state.trustedAccuracy;
                state.coherentRun = consistent ? (byte) Math.min(LONGEST_RUN, state.coherentRun + 1) : 1;
            } else {
                state.coherentRun = 1;
            }
            state.lastSpeed = (float) speed;
            state.lastHeading = (float) heading;
        } else if (!motion) {
            state.coherentRun = 0;
        }
        state.hasTrusted = true;
        state.trustedLat = fix.latitude();
        state.trustedLon = fix.longitude();
        state.trustedAccuracy = (float) Math.min(accuracy, thresholds.maxKeptAccuracyMetres());
        state.trustedTime = time;
        state.rejects = 0;
    }
}
