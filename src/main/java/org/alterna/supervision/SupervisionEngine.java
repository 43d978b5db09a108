package org.alterna.supervision;

import java.time.Instant;
import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * The supervision engine: a pure, deterministic transition {@code (DeviceState, input) -> (DeviceState', events)}
 * with no I/O. Inputs are the person's fixes, the victim unit's fixes, the home unit's reports and clock ticks. The
 * state is updated in place (for speed); take {@link DeviceState#copy()} for a checkpoint.
 *
 * <p>The engine holds no rule itself: it runs its {@link SupervisionRule}s in a fixed order on each input — the
 * sensor rules ({@link StrapTamperRule}, {@link BatteryRule}, {@link ChargingRule}), the silences
 * ({@link SilenceRule}), the {@link MotionGate} (which GPS fixes the zone rules may use), the
 * {@link HomePresenceRule}, the zone and route evidence ({@link ZoneEvidence}), the victim's proximity
 * ({@link VictimProximityRule}) and last the {@link ZoneAlarmPolicy} that turns confirmed breaches into alarms. Each
 * rule's limits are in its own {@code Thresholds} record; what it remembers of a device is in the device's
 * {@link DeviceState}. The panic button and the other alarms a device raises itself are {@link DeviceAlarmRules},
 * applied after the engine.
 */
public final class SupervisionEngine {

    /** Fixes received this much after their device time are "late". */
    static final long LATE_MS = 120_000;

    /** Key of {@code Fix.io()} the gateway sets on an implausible fix (its reason: speed, timeBack). */
    static final String SUSPICIOUS = "suspicious";

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

    // the rules, each called from its own site (so that each call is to one known class)
    private final StrapTamperRule strapTamper = new StrapTamperRule();
    private final BatteryRule battery = new BatteryRule(BatteryRule.Thresholds.STANDARD);
    private final ChargingRule charging = new ChargingRule();
    private final SilenceRule silence = new SilenceRule();
    private final MotionGate motionGate = MotionGate.STANDARD;
    private final HomePresenceRule homePresence = new HomePresenceRule(HomePresenceRule.Thresholds.STANDARD);
    private final ZoneEvidence zoneEvidence;
    private final VictimProximityRule victimProximity;
    private final ZoneAlarmPolicy zoneAlarmPolicy = new ZoneAlarmPolicy();

    public SupervisionEngine() {
        this(ZoneFilter.AUTO);
    }

    SupervisionEngine(ZoneFilter filter) {
        this.zoneEvidence = new ZoneEvidence(ZoneEvidence.Thresholds.STANDARD, filter);
        this.victimProximity = new VictimProximityRule(VictimProximityRule.Thresholds.STANDARD, motionGate,
                zoneEvidence);
    }

    /**
     * Whether a zone, route or proximity breach is suspected or under way in {@code state}: a track has a run beyond
     * its boundary, a confirmed breach or an open alarm. The live shell asks for pursuit mode (a position every 15 s)
     * when this turns true and restores the normal interval when it turns false again; pure, read-only.
     */
    public static boolean breachSuspected(DeviceState state) {
        for (Track run : state.tracks) {
            if (run != null && (run.runStart != Track.NONE || run.confirmed || run.open)) {
                return true;
            }
        }
        return false;
    }

    /** A valid satellite position (LBS, Wi-Fi and RF positions neither prove nor clear a breach). */
    static boolean gpsPosition(Fix fix) {
        return fix.valid() && (fix.source() == null || fix.source() == Fix.PositionSource.GPS);
    }

    /** A fix's accuracy in metres as the zone rules read it ({@link MotionGate#accuracy}). */
    static double accuracy(Fix fix) {
        return MotionGate.STANDARD.accuracy(fix);
    }

    // ------------------------------------------------------------------------------------------ inputs

    /** Evaluates one fix of the supervised person's unit against the plan in force at its time. */
    public List<AlarmEvent> onFix(DeviceState state, Fix fix, PlanTimeline plans) {
        return onFix(state, fix, plans.planAt(fix.deviceTime()));
    }

    /** Evaluates one fix of the supervised person's unit. */
    public List<AlarmEvent> onFix(DeviceState state, Fix fix, SupervisionPlan plan) {
        return onFix(state, fix, plan, true);
    }

    /**
     * Records that something reached the server from the device at {@code received} (arrival order): the
     * NO_COMMUNICATION rule alone. Use with {@code onFix(..., false)} when fixes are evaluated in device-time order.
     */
    public List<AlarmEvent> onReceived(DeviceState state, String deviceId, Instant received, SupervisionPlan plan) {
        state.events = null;
        silence.onReceived(state, plan, received.toEpochMilli(), deviceId);
        return state.drain();
    }

    /** Evaluates one fix; {@code withCommunication} false leaves NO_COMMUNICATION to {@link #onReceived}. */
    public List<AlarmEvent> onFix(DeviceState state, Fix fix, SupervisionPlan plan, boolean withCommunication) {
        state.events = null;
        long time = fix.deviceTime().toEpochMilli();
        long received = fix.serverTime() == null ? time : fix.serverTime().toEpochMilli();
        boolean late = received - time > LATE_MS;
        zoneEvidence.follow(state, plan);
        if (withCommunication) {
            silence.onReceived(state, plan, received, fix.deviceId());
        }
        if (state.lastFixTime != DeviceState.NONE && time < state.lastFixTime) {
            return state.drain(); // out of order: sequence-based rules only see fixes in device-time order
        }
        state.lastFixTime = time;
        if (fix.valid() && fix.io().get(SUSPICIOUS) != null) {
            // flagged implausible by the gateway (impossible speed, device time jumping back): like a coarse
            // position, it neither proves nor clears a breach, so it can never retract an alarm already raised
            fix = untrusted(fix);
        }
        strapTamper.onFix(state, plan, fix, time, late);
        battery.onFix(state, plan, fix, time, late);
        charging.onFix(state, plan, fix, time, late);
        silence.onFix(state, plan, fix, time, late);
        motionGate.onFix(state, plan, fix, time, late);
        homePresence.onFix(state, plan, fix, time, late);
        zoneEvidence.onFix(state, plan, fix, time, late);
        victimProximity.onFix(state, plan, fix, time, late);
        zoneAlarmPolicy.onFix(state, plan, fix, time, late);
        return state.drain();
    }

    /**
     * Evaluates a report of the order's RF home unit (a device of the order installed at the home): whether it hears
     * the tag ({@link HomePresence#UNIT_TAG_IN_RANGE_IO}), its mains power ({@link HomePresence#UNIT_MAINS_IO}) and
     * its position (Wi-Fi or GPS). Reports of a plan without a home unit are ignored.
     */
    public List<AlarmEvent> onHomeUnitFix(DeviceState state, Fix unit, SupervisionPlan plan) {
        state.events = null;
        homePresence.onHomeUnitFix(state, plan, unit);
        return state.drain();
    }

    /** Records a fix of the victim's unit (its dynamic exclusion zone follows it). */
    public List<AlarmEvent> onVictimFix(DeviceState state, Fix victim) {
        victimProximity.onVictimFix(state, victim);
        return List.of();
    }

    /** A clock tick: silence rules and schedule ends. Call periodically (e.g. every 15-60 s) for each device. */
    public List<AlarmEvent> tick(DeviceState state, Instant now, PlanTimeline plans) {
        return tick(state, now, plans.planAt(now));
    }

    /** A clock tick: silence rules and schedule ends. */
    public List<AlarmEvent> tick(DeviceState state, Instant now, SupervisionPlan plan) {
        state.events = null;
        long time = now.toEpochMilli();
        zoneEvidence.follow(state, plan);
        silence.onTick(state, plan, time);
        if (time >= state.lastFixTime || state.lastFixTime == DeviceState.NONE) {
            homePresence.onTick(state, plan, time);
            zoneAlarmPolicy.onTick(state, plan, time);
        }
        return state.drain();
    }

    private static Fix untrusted(Fix f) {
        return new Fix(f.deviceId(), f.deviceTime(), f.serverTime(), f.latitude(), f.longitude(), f.altitude(),
                f.speedKmh(), f.course(), f.satellites(), f.hdop(), f.accuracyMeters(), false, f.source(),
                f.batteryPercent(), f.externalPower(), f.charging(), f.strap(), f.alarms(), f.io());
    }
}
