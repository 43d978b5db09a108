package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.alterna.telemetry.Fix;

/**
 * The supervision engine: a pure, deterministic transition {@code (DeviceState, input) -> (DeviceState', events)}
 * with no I/O. Inputs are the person's fixes, the victim unit's fixes and clock ticks. The state is updated in place
 * (for speed); take {@link DeviceState#copy()} for a checkpoint.
 *
 * <p>Noise handling for zone rules (inclusion, exclusion, routes, victim proximity): only valid GPS fixes count
 * (LBS/Wi-Fi/RF positions neither prove nor clear a breach); a fix implying an impossible speed from the last trusted
 * position is ignored; a fix counts as violating only when it lies beyond the boundary by more than its reported
 * accuracy plus a margin. A breach is confirmed by distance-over-time evidence: quickly when the person travelled out
 * along a coherent path (two consecutive steps between precise fixes at the moving report rate, each matching the
 * previous step's velocity, and either both heading out or the last one wholly beyond — multipath jumps from rest, or
 * through the resting place, do not; the path ends when two precise fixes show the person stopped) and a fix is now
 * clearly beyond; or by a cluster of mutually close fixes beyond the boundary — two a minute apart when more than
 * 300 m beyond (out of multipath's reach; two such fixes need not be close), four over 200 s each more than 150 m
 * beyond (longer than a burst lasts), five over 4.5 min otherwise, two (the latest precise) when the last fix on the
 * allowed side came along a coherent path heading for the boundary (a gap in satellite fixes cut it short); a burst
 * elsewhere does not restart a cluster's count; or by eight violating fixes over 7 minutes. The alarm's start is the
 * interpolated crossing, not the moment of certainty. It clears only after two fixes spanning a minute are back on the
 * allowed side (hysteresis); a return along a coherent path is cancelled only by a precise fix beyond. A breach
 * confirmed before its schedule opens is raised at the first fix after, unless that fix is a precise one within its
 * accuracy of the boundary (the person may be coming back).
 */
public final class SupervisionEngine {

    /** Fixes received this much after their device time are "late". */
    static final long LATE_MS = 120_000;
    static final double MIN_DEPTH = 50;
    static final double MARGIN = 25;
    static final double STRONG_ACC = 20;
    static final long SLOW_SPAN_MS = 270_000;
    static final int SLOW_FIXES = 5;
    static final long BACK_SPAN_MS = 60_000;
    static final long VICTIM_STALE_MS = 300_000;
    static final double STEP_ACC = 30;
    /** A cluster: qualifying fixes within this distance (plus their accuracies) of its first fix. */
    static final double CLUSTER_M = 40;
    static final int CLUSTER_FIXES = 5;
    /** Beyond the reach of indoor multipath (100-300 m). */
    static final double FAR_M = 300;
    static final long CLUSTER_SPAN_MS = 270_000;
    /** Two fixes "a minute apart", allowing the reporting jitter. */
    static final long FAR_SPAN_MS = 55_000;
    /** An approach heading out counts for a run beyond that begins this soon after it. */
    static final long APPROACH_MS = 10 * 60_000L;
    static final int SLOW_ANY_FIXES = 8;
    /** Fixes deep beyond this far apart confirm a breach just after the home lost the tag. */
    static final long LEFT_SPAN_MS = 110_000;
    static final long SLOW_ANY_SPAN_MS = 420_000;
    /**
     * An idle track keeps its run state this long after its last fix beyond: one made and dropped at every other fix
     * of a person near the boundary costs more time than it saves memory.
     */
    static final long KEEP_MS = 10 * 60_000L;

    private static final AlarmType[] TYPES = AlarmType.values();

    /**
     * How the zone loop avoids computing distances to exclusion zones a fix is far outside. Skipping never changes an
     * alarm: a skipped zone's track is left exactly as observing a compliant fix would leave it, its depth computed
     * only if a later fix needs it.
     */
    enum ZoneFilter {
        /** Every zone is measured at every fix (the reference). */
        EXACT,
        /** Each exclusion zone's extent is tested; plans with many exclusion zones use their STRtree instead. */
        AUTO,
        /** Always each exclusion zone's extent (the flat array of extents is scanned). */
        EXTENTS,
        /** Always the plan's STRtree. */
        INDEX
    }

    private final ZoneFilter filter;
    private final MotionGate motionGate = MotionGate.STANDARD;
    private final StrapTamperRule strapTamper = new StrapTamperRule();
    private final BatteryRule battery = new BatteryRule(BatteryRule.Thresholds.STANDARD);
    private final ChargingRule charging = new ChargingRule();
    private final SilenceRule silence = new SilenceRule();
    private final HomePresenceRule homePresence = new HomePresenceRule(HomePresenceRule.Thresholds.STANDARD);

    public SupervisionEngine() {
        this(ZoneFilter.AUTO);
    }

    SupervisionEngine(ZoneFilter filter) {
        this.filter = filter;
    }

    /** Key of {@code Fix.io()} the gateway sets on an implausible fix (its reason: speed, timeBack). */
    static final String SUSPICIOUS = "suspicious";

    /** A valid satellite position (LBS, Wi-Fi and RF positions neither prove nor clear a breach). */
    static boolean gpsPosition(Fix fix) {
        return fix.valid() && (fix.source() == null || fix.source() == Fix.PositionSource.GPS);
    }

    private static Fix untrusted(Fix f) {
        return new Fix(f.deviceId(), f.deviceTime(), f.serverTime(), f.latitude(), f.longitude(), f.altitude(),
                f.speedKmh(), f.course(), f.satellites(), f.hdop(), f.accuracyMeters(), false, f.source(),
                f.batteryPercent(), f.externalPower(), f.charging(), f.strap(), f.alarms(), f.io());
    }

    /**
     * Whether a zone, route or proximity breach is suspected or under way in {@code s}: a track has a run beyond its
     * boundary, a confirmed breach or an open alarm. The live shell asks for pursuit mode (a position every 15 s)
     * when this turns true and restores the normal interval when it turns false again; pure, read-only.
     */
    public static boolean breachSuspected(DeviceState s) {
        for (Track t : s.tracks) {
            if (t != null && (t.runStart != Track.NONE || t.confirmed || t.open)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ public API

    /** Evaluates one fix of the supervised person's unit against the plan in force at its time. */
    public List<AlarmEvent> onFix(DeviceState s, Fix f, PlanTimeline plans) {
        return onFix(s, f, plans.planAt(f.deviceTime()));
    }

    /** Evaluates one fix of the supervised person's unit. */
    public List<AlarmEvent> onFix(DeviceState s, Fix f, SupervisionPlan plan) {
        return onFix(s, f, plan, true);
    }

    /**
     * Records that something reached the server from the device at {@code received} (arrival order): the
     * NO_COMMUNICATION rule alone. Use with {@code onFix(..., false)} when fixes are evaluated in device-time order.
     */
    public List<AlarmEvent> onReceived(DeviceState s, String deviceId, Instant received, SupervisionPlan plan) {
        s.events = null;
        silence.onReceived(s, plan, received.toEpochMilli(), deviceId);
        return s.drain();
    }

    /** Evaluates one fix; {@code withCommunication} false leaves NO_COMMUNICATION to {@link #onReceived}. */
    public List<AlarmEvent> onFix(DeviceState s, Fix f, SupervisionPlan plan, boolean withCommunication) {
        s.events = null;
        String dev = f.deviceId();
        long t = f.deviceTime().toEpochMilli();
        long received = f.serverTime() == null ? t : f.serverTime().toEpochMilli();
        boolean late = received - t > LATE_MS;
        ensureTracks(s, plan);

        if (withCommunication) {
            silence.onReceived(s, plan, received, dev);
        }
        if (s.lastFixTime != DeviceState.NONE && t < s.lastFixTime) {
            return s.drain(); // out of order: sequence-based rules only see fixes in device-time order
        }
        s.lastFixTime = t;
        if (f.valid() && f.io().get(SUSPICIOUS) != null) {
            // flagged implausible by the gateway (impossible speed, device time jumping back): like a coarse
            // position, it neither proves nor clears a breach, so it can never retract an alarm already raised
            f = untrusted(f);
        }

        strapTamper.onFix(s, plan, f, t, late);
        battery.onFix(s, plan, f, t, late);
        charging.onFix(s, plan, f, t, late);
        silence.onFix(s, plan, f, t, late);
        motionGate.onFix(s, plan, f, t, late);
        homePresence.onFix(s, plan, f, t, late);
        if (s.fixTrusted) {
            double acc = s.tObsAcc; // the zone rules' accuracy of this fix
            int i = zones(s, f, t, acc, (PlanZones) plan.zones());
            List<Route> routes = plan.routes();
            for (int r = 0; r < routes.size(); r++) {
                observe(s, i++, routes.get(r).area.signedDistance(f.latitude(), f.longitude()), acc, 0, f, t,
                        s.coherentRun);
            }
            Double proximity = plan.victimProximityMeters();
            if (proximity != null) {
                boolean fresh = s.vTime != DeviceState.NONE && Math.abs(t - s.vTime) <= VICTIM_STALE_MS;
                if (fresh) {
                    double d = Geo.distance(f.latitude(), f.longitude(), s.vLat, s.vLon);
                    observe(s, i, proximity - d, acc, s.vAcc, f, t, s.coherentRun);
                    if (plan.victimPreAlertMeters() != null) {
                        observe(s, i + 1, proximity + plan.victimPreAlertMeters() - d, acc, s.vAcc, f, t,
                                s.coherentRun);
                    }
                }
            }
        }
        zoneAlarms(s, plan, t, late, dev);
        return s.drain();
    }

    /** A fix's accuracy in metres as the zone rules read it ({@link MotionGate#accuracy}). */
    static double accuracy(Fix f) {
        return MotionGate.STANDARD.accuracy(f);
    }

    /**
     * Evaluates a report of the order's RF home unit (a device of the order installed at the home): whether it hears
     * the tag ({@link HomePresence#UNIT_TAG_IN_RANGE_IO}), its mains power ({@link HomePresence#UNIT_MAINS_IO}) and
     * its position (Wi-Fi or GPS). Reports of a plan without a home unit are ignored.
     */
    public List<AlarmEvent> onHomeUnitFix(DeviceState s, Fix unit, SupervisionPlan plan) {
        s.events = null;
        homePresence.onHomeUnitFix(s, plan, unit);
        return s.drain();
    }

    /**
     * Observes the fix against every zone; returns the number of zone tracks. An exclusion zone whose extent the fix is
     * outside of (by the plan's extents, or its STRtree when it has many exclusion zones) cannot be breached by it: an
     * idle track is only marked far ({@link DeviceState#far}) instead of measured; a confirmed one is always measured.
     */
    private int zones(DeviceState s, Fix f, long t, double acc, PlanZones zs) {
        double lat = f.latitude();
        double lon = f.longitude();
        int n = zs.size();
        boolean skip = filter != ZoneFilter.EXACT && zs.hasSkippable() && lat >= -90 && lat <= 90 && lon >= -180
                && lon <= 180;
        if (skip && (filter == ZoneFilter.INDEX
                || filter == ZoneFilter.AUTO && zs.skippable() >= PlanZones.INDEX_MIN)) {
            long[] near = new long[(n + 63) >>> 6];
            zs.index().candidates(lat, lon, e -> near[e.owner() >>> 6] |= 1L << e.owner());
            // a word at a time: zones far outside and already marked far are not even visited
            long[] skippable = zs.skippableMask();
            for (int w = 0; w < near.length; w++) {
                long outside = skippable[w] & ~near[w];
                long visit = ~(outside & s.farWord(w)) & PlanZones.mask(w, n);
                while (visit != 0) {
                    int i = (w << 6) + Long.numberOfTrailingZeros(visit);
                    visit &= visit - 1;
                    zone(s, f, t, acc, zs, i, (outside & (1L << i)) != 0);
                }
            }
            return n;
        }
        for (int i = 0; i < n; i++) {
            zone(s, f, t, acc, zs, i, skip && zs.outside(i, lat, lon));
        }
        return n;
    }

    /** Observes the fix against zone i, or only marks its track far when {@code outside} its extent and idle. */
    private static void zone(DeviceState s, Fix f, long t, double acc, PlanZones zs, int i, boolean outside) {
        if (outside) {
            if (s.isFar(i)) {
                return;
            }
            Track k = s.tracks[i];
            if (k == null || !k.confirmed) {
                if (k != null) {
                    k.resetCandidate(); // what a compliant fix does to an unconfirmed track
                    release(s, i, k, t);
                }
                s.setFar(i);
                return;
            }
        }
        if (s.isFar(i)) {
            // skipped since the last observed fix: what observing it there would have recorded
            resume(s, i, 1, (lat, lon) -> -zs.signedDistance(i, lat, lon));
            s.clearFar(i);
        }
        double signed = zs.signedDistance(i, f.latitude(), f.longitude());
        if (i == s.homeTrack && s.homeDepth == s.homeDepth) {
            signed = Math.min(signed, s.homeDepth); // the tag hears the home: the person is there
        }
        observe(s, i, zs.inclusion(i) ? signed : -signed, acc, 0, f, t, s.coherentRun);
    }

    /**
     * Brings an idle zone track marked far up to date: what observing the fixes skipped since then (all compliant, the
     * last one its last compliant fix) would have left in it, from the last trusted positions ({@link DeviceState}
     * keeps four). Whether the person was heading in at the last one (two steps deeper, each by more than its
     * accuracy) needs the depths at the last three fixes only: with three or more skipped, those; with fewer, the
     * track's own state continues. {@code newest}: the history index of the last skipped fix (1 while a new fix is
     * being observed, 0 before).
     */
    private static void resume(DeviceState s, int i, int newest, DoubleBinaryOperator depthAt) {
        boolean lastBeyond = s.lastBeyond[i] != Track.NONE
                && (s.lastCompliant[i] == Track.NONE || s.lastBeyond[i] > s.lastCompliant[i]);
        long last = lastBeyond ? s.lastBeyond[i] : s.lastCompliant[i]; // the track's last observed fix
        long after = last != Track.NONE ? last : s.planFrom; // a new track: the fixes since its plan applied
        int n = 0;
        while (n < 3 && s.histTime(newest + n) != DeviceState.NONE && s.histTime(newest + n) > after) {
            n++;
        }
        long prevT;
        float prevDepth;
        int steps;
        int from;
        if (n == 3) {
            from = newest + 2;
            prevT = s.histTime(from);
            prevDepth = (float) depthAt.applyAsDouble(s.histLat(from), s.histLon(from));
            steps = 0; // at the third-last fix: not needed to tell whether the last one has two steps in
            from--;
        } else {
            from = newest + n - 1;
            prevT = last;
            prevDepth = lastBeyond ? s.beyondDepth[i] : s.compliantDepth[i];
            steps = s.outSteps[i];
        }
        for (int j = from; j >= newest; j--) {
            double d = depthAt.applyAsDouble(s.histLat(j), s.histLon(j));
            steps = prevT != Track.NONE && d > prevDepth + s.histAcc(j) ? Math.min(100, steps + 1) : 0;
            prevT = s.histTime(j);
            prevDepth = (float) d;
        }
        s.outSteps[i] = (byte) steps;
        s.lastCompliant[i] = prevT;
        s.compliantDepth[i] = prevDepth;
        s.approach[i] = s.histCoherent(newest) >= 2 && steps >= 2;
    }

    /** Records a fix of the victim's unit (its dynamic exclusion zone follows it). */
    public List<AlarmEvent> onVictimFix(DeviceState s, Fix victim) {
        if (!victim.valid() || (victim.source() != null && victim.source() != Fix.PositionSource.GPS)) {
            return List.of();
        }
        long t = victim.deviceTime().toEpochMilli();
        if (t >= s.vTime || s.vTime == DeviceState.NONE) {
            s.vLat = victim.latitude();
            s.vLon = victim.longitude();
            s.vAcc = (float) Math.min(50, victim.accuracyMeters() == null && victim.hdop() == null
                    && victim.satellites() == null ? 20 : motionGate.accuracy(victim));
            s.vTime = t;
        }
        return List.of();
    }

    /** A clock tick: silence rules and schedule ends. Call periodically (e.g. every 15-60 s) for each device. */
    public List<AlarmEvent> tick(DeviceState s, Instant now, PlanTimeline plans) {
        return tick(s, now, plans.planAt(now));
    }

    /** A clock tick: silence rules and schedule ends. */
    public List<AlarmEvent> tick(DeviceState s, Instant now, SupervisionPlan plan) {
        s.events = null;
        long t = now.toEpochMilli();
        ensureTracks(s, plan);
        silence.onTick(s, plan, t);
        if (t >= s.lastFixTime || s.lastFixTime == DeviceState.NONE) {
            homePresence.onTick(s, plan, t);
            zoneAlarms(s, plan, t, false, null);
        }
        return s.drain();
    }

    // ------------------------------------------------------------------------------------------ rules

    /**
     * Updates track i with a fix whose violation depth is {@code depth} metres (positive: on the forbidden side). Its
     * run state is created as a fix goes beyond the boundary and dropped a while after the track is idle again.
     */
    static void observe(DeviceState s, int i, double depth, double acc, double extraAcc, Fix f, long t,
            int coherentRun) {
        double a = acc + extraAcc;
        // heading out: each fix deeper than the one before by more than its accuracy
        long lastBeyond = s.lastBeyond[i];
        long lastCompliant = s.lastCompliant[i];
        boolean prevBeyond = lastBeyond != Track.NONE && (lastCompliant == Track.NONE || lastBeyond > lastCompliant);
        long prevT = prevBeyond ? lastBeyond : lastCompliant;
        double prevDepth = prevBeyond ? s.beyondDepth[i] : s.compliantDepth[i];
        int outSteps = prevT != Track.NONE && depth > prevDepth + acc ? Math.min(100, s.outSteps[i] + 1) : 0;
        s.outSteps[i] = (byte) outSteps;
        Track k = s.tracks[i];
        if (depth <= 0) {
            if (k != null) { // (an idle track has nothing to reset)
                if (k.confirmed) {
                    if (k.nBack == 0) {
                        k.backStart = t;
                        k.endEstimate = crossing(lastBeyond, s.beyondDepth[i], t, depth);
                        k.backPath = false;
                    }
                    if (coherentRun >= 2 && acc <= STEP_ACC && depth <= -MIN_DEPTH) {
                        k.backPath = true; // walked back in along a coherent path
                    }
                    k.nBack++;
                    k.backVeto = 0;
                    if (k.nBack >= 2 && t - k.backStart >= BACK_SPAN_MS) {
                        k.confirmed = false;
                        k.resetCandidate();
                    }
                } else {
                    k.resetCandidate();
                }
                release(s, i, k, t);
            }
            s.approach[i] = coherentRun >= 2 && outSteps >= 2;
            s.lastCompliant[i] = t;
            s.compliantDepth[i] = (float) depth;
            return;
        }
        if (k == null) {
            k = new Track(); // a run beyond the boundary begins
            s.tracks[i] = k;
        }
        boolean qual = depth >= MIN_DEPTH && depth - a >= MARGIN;
        if (k.confirmed) {
            // a return under way is cancelled by a precise fix beyond, or by two in a row (one multipath fix is not);
            // a return along a coherent path only by a precise one
            if (depth <= a) {
                k.backVeto = 0;
            } else if (acc <= STEP_ACC || !k.backPath && ++k.backVeto >= 2) {
                k.nBack = 0;
                k.backStart = Track.NONE;
                k.backVeto = 0;
            }
            k.unclear = depth <= a && acc <= STEP_ACC; // a precise fix within its accuracy of the boundary
            s.lastBeyond[i] = t;
            s.beyondDepth[i] = (float) depth;
            if (qual && k.evidenceCount < 3) {
                k.addEvidence(t, f.latitude(), f.longitude(), acc);
            }
            return;
        }
        if (k.runStart == Track.NONE) {
            k.runStart = crossing(lastCompliant, s.compliantDepth[i], t, depth);
        }
        if (qual && k.lastQual != Track.NONE && t - k.lastQual > 20 * 60_000L) {
            k.nQual = 0; // a stale candidate: start counting again
            k.nStrong = 0;
            k.nGps = 0;
            k.nCluster = 0;
            k.nHeld = 0;
            k.firstFar = Track.NONE;
            k.path = false;
            k.firstQual = Track.NONE;
        }
        if (k.nGps < Short.MAX_VALUE) {
            k.nGps++;
        }
        if (coherentRun < 0) {
            k.path = false; // the person stopped: a later jump does not continue the path
        }
        if (coherentRun >= 2 && (outSteps >= 2 || prevBeyond)) {
            // the person travelled out along a coherent path: heading out on both steps, or the last step wholly beyond
            // (two multipath jumps through the resting place, or a jump sideways from a bus, are neither)
            k.path = true;
        }
        if (qual) {
            if (k.firstQual == Track.NONE) {
                k.firstQual = t;
                if (t - k.runStart > 10 * 60_000L) {
                    k.runStart = lastBeyond == Track.NONE ? t : Math.max(lastBeyond, t - 10 * 60_000L);
                }
            }
            if (k.nQual < Short.MAX_VALUE) {
                k.nQual++;
            }
            k.lastQual = t;
            boolean strong = a <= STRONG_ACC + extraAcc;
            if (strong) {
                k.nStrong++;
            }
            k.addEvidence(t, f.latitude(), f.longitude(), acc);
            if (k.nCluster == 0 || Geo.distance(k.cLat, k.cLon, f.latitude(), f.longitude())
                    > CLUSTER_M + acc + k.cAcc) {
                // a fix elsewhere starts a new cluster but the larger of the previous ones is held: once a burst at the
                // destination is over, the person's fixes resume counting where they were
                boolean held = k.nHeld > 0 && Geo.distance(k.hLat, k.hLon, f.latitude(), f.longitude())
                        <= CLUSTER_M + acc + k.hAcc;
                if (held || k.nCluster >= k.nHeld) {
                    double lat = k.hLat;
                    double lon = k.hLon;
                    float ha = k.hAcc;
                    long hs = k.hStart;
                    short hn = k.nHeld;
                    short hd = k.nHeldDeep;
                    k.hLat = k.cLat;
                    k.hLon = k.cLon;
                    k.hAcc = k.cAcc;
                    k.hStart = k.cStart;
                    k.nHeld = k.nCluster;
                    k.nHeldDeep = k.nDeep;
                    if (held) {
                        k.cLat = lat;
                        k.cLon = lon;
                        k.cAcc = ha;
                        k.cStart = hs;
                        k.nCluster = hn;
                        k.nDeep = hd;
                    }
                }
                if (held) {
                    k.nCluster++;
                } else {
                    k.cLat = f.latitude();
                    k.cLon = f.longitude();
                    k.cAcc = (float) Math.min(acc, 60);
                    k.cStart = t;
                    k.nCluster = 1;
                    k.nDeep = 0;
                }
            } else if (k.nCluster < Short.MAX_VALUE) {
                k.nCluster++;
            }
            if (depth - a >= 150 && k.nDeep < Short.MAX_VALUE) {
                k.nDeep++;
            }
            boolean far = depth - a >= FAR_M;
            if (far && k.firstFar == Track.NONE) {
                k.firstFar = t;
            }
            // fast: travelled out along a coherent path and now clearly beyond
            boolean fast = k.path && depth >= 60 && (strong || depth - a >= 75);
            // slow: stays at one place beyond the boundary for longer than multipath lasts, or many fixes beyond
            // (beyond multipath's reach, 300 m: two fixes a minute apart, together or not; beyond 150 m, each of them:
            // longer than a burst lasts; after an approach heading out, cut short by a gap in satellite fixes: two)
            long span = t - k.cStart;
            boolean approached = s.approach[i] && k.firstQual - lastCompliant <= APPROACH_MS;
            // the tag and the home have just stopped hearing each other and three fixes together show the person more
            // than 150 m beyond for two minutes (the cluster rule without the radio wants four over 200 s)
            boolean left = s.homeLost && i == s.homeTrack && k.nDeep >= 3 && span >= LEFT_SPAN_MS;
            boolean cluster = k.nCluster >= CLUSTER_FIXES && span >= CLUSTER_SPAN_MS
                    || far && k.nCluster >= 2 && span >= FAR_SPAN_MS
                    || far && t - k.firstFar >= FAR_SPAN_MS
                    || approached && strong && k.nCluster >= 2 && span >= FAR_SPAN_MS
                    || k.nDeep >= 4 && span >= 200_000
                    || left;
            boolean many = k.nQual >= SLOW_ANY_FIXES && k.lastQual - k.firstQual >= SLOW_ANY_SPAN_MS
                    && k.nQual * 10 >= k.nGps * 7;
            if (fast || cluster || many) {
                k.confirmed = true;
                k.unclear = false;
                k.nBack = 0;
                k.backStart = Track.NONE;
            }
        }
        s.lastBeyond[i] = t;
        s.beyondDepth[i] = (float) depth;
    }

    /**
     * Drops track i's run state once it is idle and the person has not been beyond for {@link #KEEP_MS}: a new one
     * made at the next fix beyond equals it (what an idle track keeps of it is reset or rewritten before it is read).
     */
    private static void release(DeviceState s, int i, Track k, long t) {
        if (k.idle() && (s.lastBeyond[i] == Track.NONE || t - s.lastBeyond[i] >= KEEP_MS)) {
            s.tracks[i] = null;
        }
    }

    /** Interpolated time at which the track crossed the boundary between a compliant and a violating fix. */
    static long crossing(long t1, double d1, long t2, double d2) {
        if (t1 == Track.NONE || t2 - t1 > 15 * 60_000L || t2 <= t1) {
            return t2;
        }
        double a = Math.abs(d1);
        double b = Math.abs(d2);
        return t1 + (long) ((t2 - t1) * (a / Math.max(a + b, 1e-9)));
    }

    /** Turns geometric states into raised/cleared alarms, honouring schedules, grace periods and suspensions. */
    private void zoneAlarms(DeviceState s, SupervisionPlan plan, long t, boolean late, String dev) {
        List<Zone> zones = plan.zones();
        int n = zones.size();
        Track[] tracks = s.tracks;
        for (int w = 0; w << 6 < n; w++) {
            long visit = ~s.farWord(w) & PlanZones.mask(w, n); // idle far outside: nothing to raise or clear
            while (visit != 0) {
                int z = (w << 6) + Long.numberOfTrailingZeros(visit);
                visit &= visit - 1;
                Track k = tracks[z];
                if (k != null && (k.open || k.confirmed)) {
                    Zone zone = zones.get(z);
                    zoneAlarm(s, plan, z, zone.type() == ZoneType.INCLUSION ? AlarmType.INCLUSION_ZONE
                            : AlarmType.EXCLUSION_ZONE, zone.id(), zone.schedule(), t, late, dev);
                }
            }
        }
        List<Route> routes = plan.routes();
        int i = n;
        for (int r = 0; r < routes.size(); r++) {
            Track k = tracks[i];
            if (k != null && (k.open || k.confirmed)) {
                zoneAlarm(s, plan, i, AlarmType.ROUTE_DEVIATION, routes.get(r).id(), routes.get(r).schedule(), t, late,
                        dev);
            }
            i++;
        }
        if (plan.victimProximityMeters() != null) {
            zoneAlarm(s, plan, i++, AlarmType.VICTIM_PROXIMITY, null, WeeklySchedule.always(), t, late, dev);
            if (plan.victimPreAlertMeters() != null) {
                zoneAlarm(s, plan, i, AlarmType.VICTIM_PRE_ALERT, null, WeeklySchedule.always(), t, late, dev);
            }
        }
    }

    private void zoneAlarm(DeviceState s, SupervisionPlan plan, int i, AlarmType type, String zone,
            WeeklySchedule schedule, long t, boolean late, String dev) {
        Track k = s.tracks[i];
        if (k == null || !k.open && !k.confirmed) {
            return; // the common case: nothing to do, no allocation
        }
        Instant now = Instant.ofEpochMilli(t);
        if (k.open) {
            long end = Track.NONE;
            if (!k.confirmed) {
                end = k.endEstimate == Track.NONE ? t : k.endEstimate;
            } else if (t >= k.windowEnd) {
                end = k.windowEnd;
            } else if (plan.suspended(type, now)) {
                end = t;
            }
            if (end != Track.NONE) {
                end = Math.max(end, k.alarmStart);
                emit(s, new AlarmEvent(AlarmEvent.Kind.CLEARED, AlarmEvent.idOf(type, zone,
                        Instant.ofEpochMilli(k.alarmStart)), dev, type, zone,
                        Instant.ofEpochMilli(k.alarmStart), Instant.ofEpochMilli(end), null, late, List.of()));
                k.open = false;
                k.alarmStart = Track.NONE;
                if (!k.confirmed) {
                    k.evidence = null;
                    k.evidenceCount = 0;
                }
            }
        }
        if (!k.open && k.confirmed && k.nBack == 0 && !k.unclear) { // not while a return is being confirmed
            long ws = schedule.windowStart(t / 1000, plan.timezone().getRules());
            if (ws == Long.MIN_VALUE || plan.suspended(type, now)) {
                return;
            }
            long since = Math.max(k.runStart, ws <= Long.MIN_VALUE / 2000 ? Long.MIN_VALUE : ws * 1000);
            Instant lastSuspension = lastSuspensionEnd(plan, type, now);
            if (lastSuspension != null) {
                since = Math.max(since, lastSuspension.toEpochMilli());
            }
            if (t - since < plan.grace(type).toMillis()) {
                return;
            }
            long we = schedule.windowEnd(t / 1000, plan.timezone().getRules());
            k.open = true;
            k.alarmStart = since;
            k.windowEnd = we == Long.MAX_VALUE ? Long.MAX_VALUE : we * 1000;
            Instant start = Instant.ofEpochMilli(since);
            emit(s, new AlarmEvent(AlarmEvent.Kind.RAISED, AlarmEvent.idOf(type, zone, start), dev, type, zone, start,
                    null, Instant.ofEpochMilli(t), late, evidence(k)));
        }
    }

    private static Instant lastSuspensionEnd(SupervisionPlan plan, AlarmType type, Instant now) {
        Instant best = null;
        for (Suspension su : plan.suspensions()) {
            if ((su.types().isEmpty() || su.types().contains(type)) && !su.to().isAfter(now)
                    && (best == null || su.to().isAfter(best))) {
                best = su.to();
            }
        }
        return best;
    }

    private static List<AlarmEvent.Evidence> evidence(Track k) {
        if (k.evidence == null) {
            return List.of();
        }
        List<AlarmEvent.Evidence> list = new ArrayList<>(k.evidenceCount);
        for (int j = 0; j < k.evidenceCount; j++) {
            list.add(new AlarmEvent.Evidence(Instant.ofEpochMilli((long) k.evidence[j * 4]), k.evidence[j * 4 + 1],
                    k.evidence[j * 4 + 2], k.evidence[j * 4 + 3], Fix.PositionSource.GPS));
        }
        return list;
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private void raise(DeviceState s, SupervisionPlan plan, AlarmType type, long start, long raisedAt, boolean late,
            Fix f, String dev) {
        AlarmChanges.raise(s, plan, type, start, raisedAt, late, f, dev);
    }

    private void clear(DeviceState s, AlarmType type, long end, boolean late, String dev) {
        AlarmChanges.clear(s, type, end, late, dev);
    }

    private static void emit(DeviceState s, AlarmEvent e) {
        AlarmChanges.emit(s, e);
    }

    private static void ensureTracks(DeviceState s, SupervisionPlan plan) {
        if (s.planKey == plan) {
            return;
        }
        if (s.anyFar()) {
            // zones skipped under the old plan: record their depth at the last observed fix before they change
            List<Zone> old = s.planKey.zones();
            for (int i = 0; i < old.size(); i++) {
                if (s.isFar(i)) {
                    Area area = old.get(i).area;
                    resume(s, i, 0, (lat, lon) -> -area.signedDistance(lat, lon));
                }
            }
            s.clearAllFar();
        }
        s.planFrom = s.tTime; // tracks new in this plan observe the fixes after this one
        // tracks are carried over by zone, route or victim rule
        List<String> keys = keys(plan);
        List<String> oldKeys = s.planKey == null ? List.of() : keys(s.planKey);
        int[] from = new int[keys.size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = oldKeys.lastIndexOf(keys.get(i));
        }
        s.retrack(from);
        s.planKey = plan;
    }

    private static List<String> keys(SupervisionPlan plan) {
        List<String> keys = new ArrayList<>();
        for (Zone z : plan.zones()) {
            keys.add("z:" + z.id());
        }
        for (Route r : plan.routes()) {
            keys.add("r:" + r.id());
        }
        if (plan.victimProximityMeters() != null) {
            keys.add("v:");
            if (plan.victimPreAlertMeters() != null) {
                keys.add("v:pre");
            }
        }
        return keys;
    }

    static AlarmType type(int ordinal) {
        return TYPES[ordinal];
    }
}
