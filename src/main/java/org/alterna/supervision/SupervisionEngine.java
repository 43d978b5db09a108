package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private final ZoneEvidence zoneEvidence;
    private final VictimProximityRule victimProximity;
    private final ZoneAlarmPolicy zoneAlarmPolicy = new ZoneAlarmPolicy();
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
        this.zoneEvidence = new ZoneEvidence(ZoneEvidence.Thresholds.STANDARD, filter);
        this.victimProximity = new VictimProximityRule(VictimProximityRule.Thresholds.STANDARD, motionGate,
                zoneEvidence);
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
        zoneEvidence.follow(s, plan);

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
        zoneEvidence.onFix(s, plan, f, t, late);
        victimProximity.onFix(s, plan, f, t, late);
        zoneAlarmPolicy.onFix(s, plan, f, t, late);
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

    /** Records a fix of the victim's unit (its dynamic exclusion zone follows it). */
    public List<AlarmEvent> onVictimFix(DeviceState s, Fix victim) {
        victimProximity.onVictimFix(s, victim);
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
        zoneEvidence.follow(s, plan);
        silence.onTick(s, plan, t);
        if (t >= s.lastFixTime || s.lastFixTime == DeviceState.NONE) {
            homePresence.onTick(s, plan, t);
            zoneAlarmPolicy.onTick(s, plan, t);
        }
        return s.drain();
    }

    // ------------------------------------------------------------------------------------------ rules

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

    static AlarmType type(int ordinal) {
        return TYPES[ordinal];
    }
}
