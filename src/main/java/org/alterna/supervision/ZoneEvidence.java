package org.alterna.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.alterna.telemetry.Fix;

/**
 * The evidence of a zone, route or victim-proximity breach, one track per rule of the plan (its zones, then its routes,
 * then the victim's proximity and pre-alert): from the trusted GPS fixes ({@link MotionGate}), each a depth beyond the
 * boundary, whether the person is beyond it for sure ({@link Track#confirmed}), since when, and whether they are back.
 * It raises nothing itself: {@link ZoneAlarmPolicy} turns a confirmed breach into an alarm.
 *
 * <p>A fix counts as violating only when it lies beyond the boundary by more than its accuracy plus a margin. A breach
 * is confirmed quickly when the person travelled out along a coherent path (two consecutive steps between precise
 * fixes at the moving report rate, each matching the previous step's velocity, and either both heading out or the last
 * one wholly beyond — multipath jumps from rest, or through the resting place, do not; the path ends when two precise
 * fixes show the person stopped) and a fix is now clearly beyond; or by a cluster of mutually close fixes beyond the
 * boundary — two a minute apart when more than 300 m beyond (out of multipath's reach; two such fixes need not be
 * close), four over 200 s each more than 150 m beyond (longer than a burst lasts), five over 4.5 min otherwise, two
 * (the latest precise) when the last fix on the allowed side came along a coherent path heading for the boundary (a gap
 * in satellite fixes cut it short); a burst elsewhere does not restart a cluster's count; or by eight violating fixes
 * over 7 minutes. The breach's start is the interpolated crossing, not the moment of certainty. It ends only after two
 * fixes spanning a minute are back on the allowed side (hysteresis); a return along a coherent path is cancelled only
 * by a precise fix beyond.
 *
 * <p>Exclusion zones a fix is far outside of are not measured ({@link SupervisionEngine.ZoneFilter}): skipping never
 * changes an alarm, a skipped zone's track is left exactly as observing a compliant fix would leave it, its depth
 * computed only if a later fix needs it.
 */
final class ZoneEvidence implements SupervisionRule {

    /**
     * @param minDepthMetres a violating fix lies at least this far beyond (and a return along a path this far inside)
     * @param marginMetres ... and beyond its accuracy by at least this much
     * @param strongAccuracyMetres a fix at most this inaccurate is strong evidence (with the victim's accuracy added)
     * @param preciseAccuracyMetres a fix at most this inaccurate is precise: it alone cancels a return, and a return
     *     along a coherent path needs precise fixes
     * @param backFixes fixes on the allowed side that end a confirmed breach ...
     * @param backSpanMs ... when they span this long
     * @param vetoFixes imprecise fixes beyond in a row that cancel a return (one multipath fix does not)
     * @param fastDepthMetres after a coherent path out, a fix this deep confirms at once when strong ...
     * @param fastBeyondAccuracyMetres ... or this far beyond its accuracy
     * @param clusterMetres a cluster: fixes within this distance (plus their accuracies) of its first fix
     * @param clusterAccuracyCapMetres the most accuracy a cluster's first fix is credited with
     * @param clusterFixes a cluster of this many fixes ...
     * @param clusterSpanMs ... over this long confirms (longer than multipath lasts)
     * @param farMetres beyond the reach of indoor multipath (100-300 m, past the fix's accuracy): ...
     * @param farFixes ... this many such fixes of a cluster ...
     * @param farSpanMs ... this far apart ("a minute", allowing the reporting jitter) confirm; as do two far fixes
     *     anywhere that far apart
     * @param deepMetres fixes of a cluster this far beyond their accuracy ...
     * @param deepFixes ... this many of them ...
     * @param deepSpanMs ... over this long (longer than a burst lasts) confirm
     * @param leftDeepFixes just after the tag and the home lost each other, this many deep fixes ...
     * @param leftSpanMs ... over this long confirm
     * @param approachMs a coherent approach heading out counts for a run beyond that begins this soon after it: then
     *     {@code approachFixes} strong fixes of a cluster over {@code farSpanMs} confirm (a gap in satellite fixes cut
     *     the path short)
     * @param approachFixes see {@code approachMs}
     * @param manyFixes violating fixes, together or not, that confirm ...
     * @param manySpanMs ... over this long ...
     * @param manyTenths ... when at least this many tenths of the run's GPS fixes violate
     * @param staleMs violating fixes this far apart start counting again
     * @param runStartLookbackMs a run's start is brought forward to at most this long before its first violating fix
     * @param crossingMaxGapMs a crossing is interpolated between two fixes at most this far apart
     * @param keepMs an idle track keeps its run state this long after its last fix beyond: one made and dropped at
     *     every other fix of a person near the boundary costs more time than it saves memory
     */
    record Thresholds(double minDepthMetres, double marginMetres, double strongAccuracyMetres,
            double preciseAccuracyMetres, int backFixes, long backSpanMs, int vetoFixes, double fastDepthMetres,
            double fastBeyondAccuracyMetres, double clusterMetres, double clusterAccuracyCapMetres, int clusterFixes,
            long clusterSpanMs, double farMetres, int farFixes, long farSpanMs, double deepMetres, int deepFixes,
            long deepSpanMs, int leftDeepFixes, long leftSpanMs, long approachMs, int approachFixes, int manyFixes,
            long manySpanMs, int manyTenths, long staleMs, long runStartLookbackMs, long crossingMaxGapMs,
            long keepMs) {
        static final Thresholds STANDARD = new Thresholds(50, 25, 20, 30, 2, 60_000, 2, 60, 75, 40, 60, 5, 270_000,
                300, 2, 55_000, 150, 4, 200_000, 3, 110_000, 10 * 60_000L, 2, 8, 420_000, 7, 20 * 60_000L,
                10 * 60_000L, 15 * 60_000L, 10 * 60_000L);
    }

    /** A coherent path: this many consecutive matching steps (see {@link MotionGate}). */
    private static final int PATH_STEPS = 2;
    /** The most consecutive steps heading out counted (it only needs to tell 2 and more apart). */
    private static final int MOST_STEPS = 100;

    private final Thresholds thresholds;
    private final SupervisionEngine.ZoneFilter filter;

    ZoneEvidence(Thresholds thresholds, SupervisionEngine.ZoneFilter filter) {
        this.thresholds = thresholds;
        this.filter = filter;
    }

    Thresholds thresholds() {
        return thresholds;
    }

    /** A trusted GPS fix against every zone, then every route of the plan. */
    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        if (!state.fixTrusted) {
            return;
        }
        double accuracy = state.trustedZoneAccuracy; // the zone rules' accuracy of this fix
        int track = zones(state, fix, time, accuracy, (PlanZones) plan.zones());
        List<Route> routes = plan.routes();
        for (int r = 0; r < routes.size(); r++) {
            observe(state, track++, routes.get(r).area.signedDistance(fix.latitude(), fix.longitude()), accuracy, 0,
                    fix, time, state.coherentRun);
        }
    }

    /** The first track after the zones' and routes' (the victim rules'). */
    static int victimTrack(SupervisionPlan plan) {
        return plan.zones().size() + plan.routes().size();
    }

    // ---------------------------------------------------------------------------------------------- plan changes

    /**
     * Lays the tracks out for {@code plan} when it is not the one the state was last evaluated under: each zone, route
     * or victim rule keeps its track (by its id), a new one observes the fixes after the last trusted one.
     */
    void follow(DeviceState state, SupervisionPlan plan) {
        if (state.planKey == plan) {
            return;
        }
        if (state.anyFar()) {
            // zones skipped under the old plan: record their depth at the last observed fix before they change
            List<Zone> old = state.planKey.zones();
            for (int z = 0; z < old.size(); z++) {
                if (state.isFar(z)) {
                    Area area = old.get(z).area;
                    resume(state, z, 0, (lat, lon) -> -area.signedDistance(lat, lon));
                }
            }
            state.clearAllFar();
        }
        state.planFrom = state.trustedTime; // tracks new in this plan observe the fixes after this one
        List<String> keys = trackKeys(plan);
        List<String> oldKeys = state.planKey == null ? List.of() : trackKeys(state.planKey);
        int[] from = new int[keys.size()];
        for (int track = 0; track < from.length; track++) {
            from[track] = oldKeys.lastIndexOf(keys.get(track));
        }
        state.retrack(from);
        state.planKey = plan;
    }

    private static List<String> trackKeys(SupervisionPlan plan) {
        List<String> keys = new ArrayList<>();
        for (Zone zone : plan.zones()) {
            keys.add("z:" + zone.id());
        }
        for (Route route : plan.routes()) {
            keys.add("r:" + route.id());
        }
        if (plan.victimProximityMeters() != null) {
            keys.add("v:");
            if (plan.victimPreAlertMeters() != null) {
                keys.add("v:pre");
            }
        }
        return keys;
    }

    // ---------------------------------------------------------------------------------------------- zones

    /**
     * Observes the fix against every zone; returns the number of zone tracks. An exclusion zone whose extent the fix is
     * outside of (by the plan's extents, or its STRtree when it has many exclusion zones) cannot be breached by it: an
     * idle track is only marked far ({@link DeviceState#far}) instead of measured; a confirmed one is always measured.
     */
    private int zones(DeviceState state, Fix fix, long time, double accuracy, PlanZones zones) {
        double lat = fix.latitude();
        double lon = fix.longitude();
        int count = zones.size();
        boolean skip = filter != SupervisionEngine.ZoneFilter.EXACT && zones.hasSkippable() && lat >= -90 && lat <= 90
                && lon >= -180 && lon <= 180;
        if (skip && (filter == SupervisionEngine.ZoneFilter.INDEX
                || filter == SupervisionEngine.ZoneFilter.AUTO && zones.skippable() >= PlanZones.INDEX_MIN)) {
            long[] near = new long[(count + 63) >>> 6];
            zones.index().candidates(lat, lon, e -> near[e.owner() >>> 6] |= 1L << e.owner());
            // a word at a time: zones far outside and already marked far are not even visited
            long[] skippable = zones.skippableMask();
            for (int word = 0; word < near.length; word++) {
                long outside = skippable[word] & ~near[word];
                long visit = ~(outside & state.farWord(word)) & PlanZones.mask(word, count);
                while (visit != 0) {
                    int zone = (word << 6) + Long.numberOfTrailingZeros(visit);
                    visit &= visit - 1;
                    zone(state, fix, time, accuracy, zones, zone, (outside & (1L << zone)) != 0);
                }
            }
            return count;
        }
        for (int zone = 0; zone < count; zone++) {
            zone(state, fix, time, accuracy, zones, zone, skip && zones.outside(zone, lat, lon));
        }
        return count;
    }

    /** Observes the fix against a zone, or only marks its track far when {@code outside} its extent and idle. */
    private void zone(DeviceState state, Fix fix, long time, double accuracy, PlanZones zones, int zone,
            boolean outside) {
        if (outside) {
            if (state.isFar(zone)) {
                return;
            }
            Track track = state.tracks[zone];
            if (track == null || !track.confirmed) {
                if (track != null) {
                    track.resetCandidate(); // what a compliant fix does to an unconfirmed track
                    release(state, zone, track, time);
                }
                state.setFar(zone);
                return;
            }
        }
        if (state.isFar(zone)) {
            // skipped since the last observed fix: what observing it there would have recorded
            resume(state, zone, 1, (lat, lon) -> -zones.signedDistance(zone, lat, lon));
            state.clearFar(zone);
        }
        double inside = zones.signedDistance(zone, fix.latitude(), fix.longitude());
        if (zone == state.homeTrack && state.homeDepth == state.homeDepth) {
            inside = Math.min(inside, state.homeDepth); // the tag hears the home: the person is there
        }
        observe(state, zone, zones.inclusion(zone) ? inside : -inside, accuracy, 0, fix, time, state.coherentRun);
    }

    /**
     * Brings an idle zone track marked far up to date: what observing the fixes skipped since then (all compliant, the
     * last one its last compliant fix) would have left in it, from the last trusted positions ({@link DeviceState}
     * keeps four). Whether the person was heading in at the last one (two steps deeper, each by more than its
     * accuracy) needs the depths at the last three fixes only: with three or more skipped, those; with fewer, the
     * track's own state continues. {@code newest}: the history index of the last skipped fix (1 while a new fix is
     * being observed, 0 before).
     */
    private static void resume(DeviceState state, int zone, int newest, DoubleBinaryOperator depthAt) {
        boolean lastBeyond = state.lastBeyond[zone] != Track.NONE
                && (state.lastCompliant[zone] == Track.NONE || state.lastBeyond[zone] > state.lastCompliant[zone]);
        long last = lastBeyond ? state.lastBeyond[zone] : state.lastCompliant[zone]; // the track's last observed fix
        long after = last != Track.NONE ? last : state.planFrom; // a new track: the fixes since its plan applied
        int skipped = 0;
        while (skipped < 3 && state.histTime(newest + skipped) != DeviceState.NONE
                && state.histTime(newest + skipped) > after) {
            skipped++;
        }
        long previousTime;
        float previousDepth;
        int steps;
        int from;
        if (skipped == 3) {
            from = newest + 2;
            previousTime = state.histTime(from);
            previousDepth = (float) depthAt.applyAsDouble(state.histLat(from), state.histLon(from));
            steps = 0; // at the third-last fix: not needed to tell whether the last one has two steps in
            from--;
        } else {
            from = newest + skipped - 1;
            previousTime = last;
            previousDepth = lastBeyond ? state.beyondDepth[zone] : state.compliantDepth[zone];
            steps = state.outSteps[zone];
        }
        for (int j = from; j >= newest; j--) {
            double depth = depthAt.applyAsDouble(state.histLat(j), state.histLon(j));
            steps = previousTime != Track.NONE && depth > previousDepth + state.histAcc(j)
                    ? Math.min(MOST_STEPS, steps + 1) : 0;
            previousTime = state.histTime(j);
            previousDepth = (float) depth;
        }
        state.outSteps[zone] = (byte) steps;
        state.lastCompliant[zone] = previousTime;
        state.compliantDepth[zone] = previousDepth;
        state.approach[zone] = state.histCoherent(newest) >= PATH_STEPS && steps >= PATH_STEPS;
    }

    // ---------------------------------------------------------------------------------------------- one track

    /**
     * Updates a track with a fix whose violation depth is {@code depth} metres (positive: on the forbidden side);
     * {@code extraAccuracy}: the other end's (the victim unit's). Its run state is created as a fix goes beyond the
     * boundary and dropped a while after the track is idle again.
     */
    void observe(DeviceState state, int track, double depth, double accuracy, double extraAccuracy, Fix fix,
            long time, int coherentRun) {
        double totalAccuracy = accuracy + extraAccuracy;
        // heading out: each fix deeper than the one before by more than its accuracy
        long lastBeyond = state.lastBeyond[track];
        long lastCompliant = state.lastCompliant[track];
        boolean lastWasBeyond = lastBeyond != Track.NONE
                && (lastCompliant == Track.NONE || lastBeyond > lastCompliant);
        long previousTime = lastWasBeyond ? lastBeyond : lastCompliant;
        double previousDepth = lastWasBeyond ? state.beyondDepth[track] : state.compliantDepth[track];
        int outSteps = previousTime != Track.NONE && depth > previousDepth + accuracy
                ? Math.min(MOST_STEPS, state.outSteps[track] + 1) : 0;
        state.outSteps[track] = (byte) outSteps;
        Track run = state.tracks[track];
        if (depth <= 0) {
            if (run != null) { // (an idle track has nothing to reset)
                if (run.confirmed) {
                    back(state, track, run, depth, accuracy, time, coherentRun);
                } else {
                    run.resetCandidate();
                }
                release(state, track, run, time);
            }
            state.approach[track] = coherentRun >= PATH_STEPS && outSteps >= PATH_STEPS;
            state.lastCompliant[track] = time;
            state.compliantDepth[track] = (float) depth;
            return;
        }
        if (run == null) {
            run = new Track(); // a run beyond the boundary begins
            state.tracks[track] = run;
        }
        boolean violating = depth >= thresholds.minDepthMetres()
                && depth - totalAccuracy >= thresholds.marginMetres();
        if (run.confirmed) {
            stillBeyond(run, depth, accuracy, totalAccuracy, violating, fix, time);
            state.lastBeyond[track] = time;
            state.beyondDepth[track] = (float) depth;
            return;
        }
        if (run.runStart == Track.NONE) {
            run.runStart = crossing(lastCompliant, state.compliantDepth[track], time, depth);
        }
        if (violating && run.lastViolating != Track.NONE && time - run.lastViolating > thresholds.staleMs()) {
            run.violatingFixes = 0; // a stale candidate: start counting again
            run.gpsFixes = 0;
            run.clusterFixes = 0;
            run.heldFixes = 0;
            run.firstFarBeyond = Track.NONE;
            run.pathOut = false;
            run.firstViolating = Track.NONE;
        }
        if (run.gpsFixes < Short.MAX_VALUE) {
            run.gpsFixes++;
        }
        if (coherentRun < 0) {
            run.pathOut = false; // the person stopped: a later jump does not continue the path
        }
        if (coherentRun >= PATH_STEPS && (outSteps >= PATH_STEPS || lastWasBeyond)) {
            // the person travelled out along a coherent path: heading out on both steps, or the last step wholly beyond
            // (two multipath jumps through the resting place, or a jump sideways from a bus, are neither)
            run.pathOut = true;
        }
        if (violating) {
            boolean strong = totalAccuracy <= thresholds.strongAccuracyMetres() + extraAccuracy;
            countViolating(state, track, run, depth, accuracy, totalAccuracy, strong, fix, time, lastBeyond,
                    lastCompliant);
        }
        state.lastBeyond[track] = time;
        state.beyondDepth[track] = (float) depth;
    }

    /** A fix on the allowed side of a confirmed breach: a return begins or goes on, and ends it once long enough. */
    private void back(DeviceState state, int track, Track run, double depth, double accuracy, long time,
            int coherentRun) {
        if (run.backFixes == 0) {
            run.backStart = time;
            run.endEstimate = crossing(state.lastBeyond[track], state.beyondDepth[track], time, depth);
            run.backAlongPath = false;
        }
        if (coherentRun >= PATH_STEPS && accuracy <= thresholds.preciseAccuracyMetres()
                && depth <= -thresholds.minDepthMetres()) {
            run.backAlongPath = true; // walked back in along a coherent path
        }
        run.backFixes++;
        run.backVetoes = 0;
        if (run.backFixes >= thresholds.backFixes() && time - run.backStart >= thresholds.backSpanMs()) {
            run.confirmed = false;
            run.resetCandidate();
        }
    }

    /**
     * A fix beyond a confirmed breach: a return under way is cancelled by a precise fix beyond, or by two in a row (one
     * multipath fix is not); a return along a coherent path only by a precise one.
     */
    private void stillBeyond(Track run, double depth, double accuracy, double totalAccuracy, boolean violating,
            Fix fix, long time) {
        boolean precise = accuracy <= thresholds.preciseAccuracyMetres();
        if (depth <= totalAccuracy) {
            run.backVetoes = 0;
        } else if (precise || !run.backAlongPath && ++run.backVetoes >= thresholds.vetoFixes()) {
            run.backFixes = 0;
            run.backStart = Track.NONE;
            run.backVetoes = 0;
        }
        run.unclear = depth <= totalAccuracy && precise; // a precise fix within its accuracy of the boundary
        if (violating && run.evidenceCount < Track.EVIDENCE_FIXES) {
            run.addEvidence(time, fix.latitude(), fix.longitude(), accuracy);
        }
    }

    /** A violating fix of a run not yet confirmed: counts it in its cluster; confirms the breach when it is sure. */
    private void countViolating(DeviceState state, int track, Track run, double depth, double accuracy,
            double totalAccuracy, boolean strong, Fix fix, long time, long lastBeyond, long lastCompliant) {
        if (run.firstViolating == Track.NONE) {
            run.firstViolating = time;
            if (time - run.runStart > thresholds.runStartLookbackMs()) {
                run.runStart = lastBeyond == Track.NONE ? time
                        : Math.max(lastBeyond, time - thresholds.runStartLookbackMs());
            }
        }
        if (run.violatingFixes < Short.MAX_VALUE) {
            run.violatingFixes++;
        }
        run.lastViolating = time;
        run.addEvidence(time, fix.latitude(), fix.longitude(), accuracy);
        cluster(run, accuracy, fix, time);
        if (depth - totalAccuracy >= thresholds.deepMetres() && run.clusterDeepFixes < Short.MAX_VALUE) {
            run.clusterDeepFixes++;
        }
        boolean far = depth - totalAccuracy >= thresholds.farMetres();
        if (far && run.firstFarBeyond == Track.NONE) {
            run.firstFarBeyond = time;
        }
        // fast: travelled out along a coherent path and now clearly beyond
        boolean fast = run.pathOut && depth >= thresholds.fastDepthMetres()
                && (strong || depth - totalAccuracy >= thresholds.fastBeyondAccuracyMetres());
        // slow: stays at one place beyond the boundary for longer than multipath lasts, or many fixes beyond
        // (beyond multipath's reach, 300 m: two fixes a minute apart, together or not; beyond 150 m, each of them:
        // longer than a burst lasts; after an approach heading out, cut short by a gap in satellite fixes: two)
        long span = time - run.clusterStart;
        boolean approached = state.approach[track] && run.firstViolating - lastCompliant <= thresholds.approachMs();
        // the tag and the home have just stopped hearing each other and three fixes together show the person more
        // than 150 m beyond for two minutes (the cluster rule without the radio wants four over 200 s)
        boolean left = state.homeLost && track == state.homeTrack && run.clusterDeepFixes >= thresholds.leftDeepFixes()
                && span >= thresholds.leftSpanMs();
        boolean cluster = run.clusterFixes >= thresholds.clusterFixes() && span >= thresholds.clusterSpanMs()
                || far && run.clusterFixes >= thresholds.farFixes() && span >= thresholds.farSpanMs()
                || far && time - run.firstFarBeyond >= thresholds.farSpanMs()
                || approached && strong && run.clusterFixes >= thresholds.approachFixes()
                        && span >= thresholds.farSpanMs()
                || run.clusterDeepFixes >= thresholds.deepFixes() && span >= thresholds.deepSpanMs()
                || left;
        boolean many = run.violatingFixes >= thresholds.manyFixes()
                && run.lastViolating - run.firstViolating >= thresholds.manySpanMs()
                && run.violatingFixes * 10 >= run.gpsFixes * thresholds.manyTenths();
        if (fast || cluster || many) {
            run.confirmed = true;
            run.unclear = false;
            run.backFixes = 0;
            run.backStart = Track.NONE;
        }
    }

    /**
     * Counts a violating fix in the run's cluster. A fix elsewhere starts a new cluster but the larger of the previous
     * ones is held: once a burst at the destination is over, the person's fixes resume counting where they were.
     */
    private void cluster(Track run, double accuracy, Fix fix, long time) {
        double lat = fix.latitude();
        double lon = fix.longitude();
        if (run.clusterFixes == 0 || Geo.distance(run.clusterLat, run.clusterLon, lat, lon)
                > thresholds.clusterMetres() + accuracy + run.clusterAccuracy) {
            boolean held = run.heldFixes > 0 && Geo.distance(run.heldLat, run.heldLon, lat, lon)
                    <= thresholds.clusterMetres() + accuracy + run.heldAccuracy;
            if (held || run.clusterFixes >= run.heldFixes) {
                double wasHeldLat = run.heldLat;
                double wasHeldLon = run.heldLon;
                float wasHeldAccuracy = run.heldAccuracy;
                long wasHeldStart = run.heldStart;
                short wasHeldFixes = run.heldFixes;
                short wasHeldDeepFixes = run.heldDeepFixes;
                run.heldLat = run.clusterLat;
                run.heldLon = run.clusterLon;
                run.heldAccuracy = run.clusterAccuracy;
                run.heldStart = run.clusterStart;
                run.heldFixes = run.clusterFixes;
                run.heldDeepFixes = run.clusterDeepFixes;
                if (held) { // the held cluster is the current one again, the other held
                    run.clusterLat = wasHeldLat;
                    run.clusterLon = wasHeldLon;
                    run.clusterAccuracy = wasHeldAccuracy;
                    run.clusterStart = wasHeldStart;
                    run.clusterFixes = wasHeldFixes;
                    run.clusterDeepFixes = wasHeldDeepFixes;
                }
            }
            if (held) {
                run.clusterFixes++;
            } else {
                run.clusterLat = lat;
                run.clusterLon = lon;
                run.clusterAccuracy = (float) Math.min(accuracy, thresholds.clusterAccuracyCapMetres());
                run.clusterStart = time;
                run.clusterFixes = 1;
                run.clusterDeepFixes = 0;
            }
        } else if (run.clusterFixes < Short.MAX_VALUE) {
            run.clusterFixes++;
        }
    }

    /**
     * Drops a track's run state once it is idle and the person has not been beyond for {@link Thresholds#keepMs}: a
     * new one made at the next fix beyond equals it (what an idle track keeps of it is reset or rewritten before it is
     * read).
     */
    private void release(DeviceState state, int track, Track run, long time) {
        if (run.idle() && (state.lastBeyond[track] == Track.NONE
                || time - state.lastBeyond[track] >= thresholds.keepMs())) {
            state.tracks[track] = null;
        }
    }

    /** Interpolated time at which the track crossed the boundary between a compliant and a violating fix. */
    long crossing(long time1, double depth1, long time2, double depth2) {
        if (time1 == Track.NONE || time2 - time1 > thresholds.crossingMaxGapMs() || time2 <= time1) {
            return time2;
        }
        double before = Math.abs(depth1);
        double after = Math.abs(depth2);
        return time1 + (long) ((time2 - time1) * (before / Math.max(before + after, 1e-9)));
    }
}
