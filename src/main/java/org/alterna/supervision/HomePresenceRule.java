package org.alterna.supervision;

import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * The plan's home presence (a BLE beacon the tag hears, or an RF home unit that hears the tag): HOME_PRESENCE_LOST,
 * the tag and the home out of hearing during the home zone's curfew for longer than the plan allows;
 * HOME_UNIT_UNPOWERED, the home unit off mains; HOME_UNIT_MOVED, the home unit reporting a position away from where it
 * was installed, or the beacon carried along (GPS keeps showing the person far away while the tag hears it). It also
 * hands the home zone's evidence what the radio says of each trusted fix ({@link DeviceState#homeTrack}): while the
 * tag and the home hear each other the person is home whatever the fix says; having just lost each other makes a fix
 * beyond strong evidence of leaving.
 */
final class HomePresenceRule implements SupervisionRule {
    private static final int PRESENCE_LOST = AlarmType.HOME_PRESENCE_LOST.ordinal();
    private static final int UNIT_UNPOWERED = AlarmType.HOME_UNIT_UNPOWERED.ordinal();
    private static final int UNIT_MOVED = AlarmType.HOME_UNIT_MOVED.ordinal();

    /**
     * @param justLostMs the tag and the home heard each other this recently: "just lost" (strong evidence of leaving)
     * @param unitSilentMs a home unit silent this long (it reports every 5 minutes) is no evidence of presence
     * @param unpoweredMs a home unit off mains this long raises HOME_UNIT_UNPOWERED (a flicker of the mains does not)
     * @param movedMetres beyond this distance (plus the position's accuracy) from where it was installed, the home unit
     *     has moved; back within it, it is home again
     * @param unitUnknownAccuracyMetres a home unit position's accuracy when it reports none
     * @param unitAccuracyCapMetres the most a home unit position's reported accuracy excuses
     * @param carriedFixes precise fixes far outside in a row, over {@code carriedMs}, while hearing the beacon: the
     *     beacon is carried along
     * @param carriedMs see {@code carriedFixes}
     * @param carriedDepthMetres how far outside the home zone (beyond the fix's accuracy) such a fix lies: beyond a
     *     multipath burst's length
     * @param carriedAccuracyCapMetres the most a fix's accuracy counts against that depth
     * @param homeAgainDepthMetres a fix at most this far outside (or inside) ends a run of fixes far outside
     */
    record Thresholds(long justLostMs, long unitSilentMs, long unpoweredMs, double movedMetres,
            double unitUnknownAccuracyMetres, double unitAccuracyCapMetres, int carriedFixes, long carriedMs,
            double carriedDepthMetres, double carriedAccuracyCapMetres, double homeAgainDepthMetres) {
        static final Thresholds STANDARD = new Thresholds(10 * 60_000L, 11 * 60_000L, 5 * 60_000L, 100, 50, 200, 4,
                240_000, 150, 100, 50);
    }

    private final Thresholds thresholds;

    HomePresenceRule(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /**
     * A fix of the tag: whether it heard the home's beacon; for a trusted GPS fix ({@link DeviceState#fixTrusted}),
     * what the radio says of it for the home zone's evidence; then the rules of time.
     */
    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        state.homeTrack = -1;
        state.homeDepth = Double.NaN;
        state.homeLost = false;
        HomePresence home = plan.homePresence();
        if (home == null) {
            return;
        }
        if (home.kind() == HomePresence.Kind.BLE_BEACON) {
            heard(state, time, heardBeacon(home, fix) && !state.beaconCarried, true);
        }
        if (state.fixTrusted) {
            homeEvidence(state, plan, home, fix, time, late);
        }
        timeRules(state, plan, home, time, late, fix.deviceId());
    }

    @Override
    public void onTick(DeviceState state, SupervisionPlan plan, long now) {
        if (plan.homePresence() != null) {
            timeRules(state, plan, plan.homePresence(), now, false, null);
        }
    }

    /**
     * A report of the order's RF home unit (a device of the order installed at the home): whether it hears the tag
     * ({@link HomePresence#UNIT_TAG_IN_RANGE_IO}), its mains power ({@link HomePresence#UNIT_MAINS_IO}) and its
     * position (Wi-Fi or GPS). Reports of a plan without a home unit, and reports out of order, are ignored.
     */
    void onHomeUnitFix(DeviceState state, SupervisionPlan plan, Fix unit) {
        HomePresence home = plan.homePresence();
        if (home == null || home.kind() != HomePresence.Kind.RF_HOME_UNIT) {
            return;
        }
        long time = unit.deviceTime().toEpochMilli();
        if (state.unitReport != DeviceState.NONE && time < state.unitReport) {
            return; // out of order
        }
        String device = unit.deviceId();
        boolean late = (unit.serverTime() == null ? time : unit.serverTime().toEpochMilli()) - time
                > SupervisionEngine.LATE_MS;
        state.unitReport = time;
        if (unit.valid() && !Double.isNaN(unit.latitude())) {
            double fromHome = Geo.distance(home.lat(), home.lon(), unit.latitude(), unit.longitude());
            double accuracy = unit.accuracyMeters() == null ? thresholds.unitUnknownAccuracyMetres()
                    : Math.min(unit.accuracyMeters(), thresholds.unitAccuracyCapMetres());
            if (fromHome > thresholds.movedMetres() + accuracy && !state.unitMoved) {
                state.unitMoved = true;
                AlarmChanges.raise(state, plan, AlarmType.HOME_UNIT_MOVED, time, time, late, unit, device);
            } else if (fromHome <= thresholds.movedMetres() && state.unitMoved) {
                state.unitMoved = false;
                if (state.isOpen(UNIT_MOVED)) {
                    AlarmChanges.clear(state, AlarmType.HOME_UNIT_MOVED, time, late, device);
                }
            }
        }
        Object mains = unit.io().get(HomePresence.UNIT_MAINS_IO);
        if (Boolean.FALSE.equals(mains) || "false".equals(String.valueOf(mains))) {
            if (state.unitOffMains == DeviceState.NONE) {
                state.unitOffMains = time;
            }
        } else if (mains != null) {
            state.unitOffMains = DeviceState.NONE;
            if (state.isOpen(UNIT_UNPOWERED)) {
                AlarmChanges.clear(state, AlarmType.HOME_UNIT_UNPOWERED, time, late, device);
            }
        }
        Object inRange = unit.io().get(HomePresence.UNIT_TAG_IN_RANGE_IO);
        if (inRange != null) {
            boolean hearsTag = Boolean.TRUE.equals(inRange) || "true".equals(String.valueOf(inRange));
            heard(state, time, hearsTag && !state.unitMoved, false);
        }
        timeRules(state, plan, home, time, late, device);
    }

    /** A tag fix names the beacons it heard since its previous fix: is the home's among them? */
    private static boolean heardBeacon(HomePresence home, Fix fix) {
        Object id = fix.io().get(HomePresence.BEACON_ID_IO);
        return id != null && home.beaconId().equalsIgnoreCase(id.toString());
    }

    private static void heard(DeviceState state, long time, boolean heard, boolean beacon) {
        if (heard) {
            state.presenceHeard = time;
        } else if (state.presenceNow || state.presenceReport == DeviceState.NONE) {
            // lost: a beacon between its last fix heard and this one (the tag names what it heard since then), a
            // home unit at its first report without the tag (it reports at once on a change)
            state.presenceLost = beacon && state.presenceHeard != DeviceState.NONE ? state.presenceHeard : time;
        }
        state.presenceNow = heard;
        state.presenceReport = time;
    }

    /** Whether the tag and the home hear each other now (the home where it was installed). */
    private boolean present(DeviceState state, HomePresence home, long time) {
        if (!state.presenceNow) {
            return false;
        }
        return home.kind() == HomePresence.Kind.BLE_BEACON ? !state.beaconCarried
                : !state.unitMoved && time - state.unitReport <= thresholds.unitSilentMs();
    }

    /**
     * What the home's radio says of a trusted GPS fix for the home zone's rule: while the tag and the home hear each
     * other the person is home whatever the fix says (the zone sees the fix where the home was installed) — unless a
     * run of precise fixes far outside shows the beacon carried along; having just lost each other makes a fix
     * beyond strong evidence of leaving.
     */
    private void homeEvidence(DeviceState state, SupervisionPlan plan, HomePresence home, Fix fix, long time,
            boolean late) {
        PlanZones zones = (PlanZones) plan.zones();
        int homeZone = homeZone(plan, home);
        if (homeZone < 0) {
            return;
        }
        double accuracy = state.trustedZoneAccuracy; // the zone rules' accuracy of this (trusted) fix
        double outside = zones.signedDistance(homeZone, fix.latitude(), fix.longitude());
        if (home.kind() == HomePresence.Kind.BLE_BEACON) {
            if (state.beaconCarried) {
                if (outside <= 0 && heardBeacon(home, fix)) { // back with it
                    state.beaconCarried = false;
                    state.carriedFixes = 0;
                    heard(state, time, true, true);
                    if (state.isOpen(UNIT_MOVED)) {
                        AlarmChanges.clear(state, AlarmType.HOME_UNIT_MOVED, time, late, fix.deviceId());
                    }
                }
            } else if (state.presenceNow && outside - Math.min(accuracy, thresholds.carriedAccuracyCapMetres())
                    >= thresholds.carriedDepthMetres()) {
                // beyond a multipath burst's length with no fix back home between: not a burst
                if (state.carriedFixes == 0) {
                    state.carriedSince = time;
                }
                state.carriedFixes = (byte) Math.min(100, state.carriedFixes + 1);
                if (state.carriedFixes >= thresholds.carriedFixes()
                        && time - state.carriedSince >= thresholds.carriedMs()) {
                    state.beaconCarried = true;
                    state.presenceNow = false;
                    state.presenceLost = state.carriedSince;
                    AlarmChanges.raise(state, plan, AlarmType.HOME_UNIT_MOVED, state.carriedSince, time, late, fix,
                            fix.deviceId());
                }
            } else if (outside <= thresholds.homeAgainDepthMetres()) {
                state.carriedFixes = 0;
            }
        }
        state.homeTrack = homeZone;
        if (present(state, home, time)) {
            state.homeDepth = Math.min(-1, zones.signedDistance(homeZone, home.lat(), home.lon()));
        } else {
            state.homeLost = state.beaconCarried
                    || state.presenceHeard != DeviceState.NONE && time - state.presenceHeard <= thresholds.justLostMs();
        }
    }

    /** The track of the plan's inclusion zone the home presence belongs to, or -1. */
    private static int homeZone(SupervisionPlan plan, HomePresence home) {
        List<Zone> zones = plan.zones();
        for (int i = 0; i < zones.size(); i++) {
            if (zones.get(i).type() == ZoneType.INCLUSION && zones.get(i).id().equals(home.zone())) {
                return i;
            }
        }
        return -1;
    }

    /** The rules of time: the home unit off mains, the tag and the home out of hearing during the curfew. */
    private void timeRules(DeviceState state, SupervisionPlan plan, HomePresence home, long time, boolean late,
            String device) {
        if (state.unitOffMains != DeviceState.NONE && !state.isOpen(UNIT_UNPOWERED)
                && time - state.unitOffMains >= thresholds.unpoweredMs()) {
            // raised when the limit passed (as a tick would have), not when a sparse report happens to show it
            AlarmChanges.raise(state, plan, AlarmType.HOME_UNIT_UNPOWERED, state.unitOffMains,
                    state.unitOffMains + thresholds.unpoweredMs(), late, null, device);
        }
        if (state.presenceReport == DeviceState.NONE) {
            return; // nothing heard of the home yet
        }
        boolean present = present(state, home, time);
        if (state.isOpen(PRESENCE_LOST)) {
            if (present) {
                AlarmChanges.clear(state, AlarmType.HOME_PRESENCE_LOST, state.presenceHeard, late, device);
                state.presenceWindowEnd = DeviceState.NONE;
            } else if (time >= state.presenceWindowEnd) {
                AlarmChanges.clear(state, AlarmType.HOME_PRESENCE_LOST, state.presenceWindowEnd, late, device);
                state.presenceWindowEnd = DeviceState.NONE;
            }
            return;
        }
        if (present) {
            return;
        }
        int homeZone = homeZone(plan, home);
        WeeklySchedule curfew = homeZone < 0 ? WeeklySchedule.always() : plan.zones().get(homeZone).schedule();
        long windowStart = curfew.windowStart(time / 1000, plan.timezone().getRules());
        if (windowStart == Long.MIN_VALUE) {
            return;
        }
        long lost = state.presenceLost;
        if (state.presenceNow && home.kind() == HomePresence.Kind.RF_HOME_UNIT
                && time - state.unitReport > thresholds.unitSilentMs()) {
            lost = state.unitReport; // the unit fell silent while it heard the tag
        }
        long since = Math.max(lost, windowStart <= Long.MIN_VALUE / 2000 ? Long.MIN_VALUE : windowStart * 1000);
        long limit = home.lostMinutes() * 60_000L;
        if (time - since >= limit) {
            long windowEnd = curfew.windowEnd(time / 1000, plan.timezone().getRules());
            state.presenceWindowEnd = windowEnd == Long.MAX_VALUE ? Long.MAX_VALUE : windowEnd * 1000;
            // the report at this time says they have not heard each other since: raised when the limit passed, as a
            // tick would have
            AlarmChanges.raise(state, plan, AlarmType.HOME_PRESENCE_LOST, since, since + limit, late, null, device);
        }
    }
}
