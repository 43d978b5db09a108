package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * VICTIM_PROXIMITY and VICTIM_PRE_ALERT: a dynamic exclusion zone around the victim's unit, of the plan's radius
 * (and that radius plus the pre-alert distance). The victim unit's last GPS fix is its centre while fresh
 * ({@link Thresholds#staleMs} of the person's fix): a stale one neither proves nor clears a breach. The evidence is the
 * zone rules' ({@link ZoneEvidence}, with the victim fix's accuracy added to the person's), the alarms the zone alarm
 * policy's ({@link ZoneAlarmPolicy}).
 */
final class VictimProximityRule implements SupervisionRule {

    /**
     * @param staleMs the victim's last fix is this far (either way) from the person's at most
     * @param accuracyCapMetres the most a victim fix's accuracy counts
     * @param unknownAccuracyMetres a victim fix's accuracy when its unit says nothing of its quality
     */
    record Thresholds(long staleMs, double accuracyCapMetres, double unknownAccuracyMetres) {
        static final Thresholds STANDARD = new Thresholds(300_000, 50, 20);
    }

    private final Thresholds thresholds;
    private final MotionGate motionGate;
    private final ZoneEvidence evidence;

    VictimProximityRule(Thresholds thresholds, MotionGate motionGate, ZoneEvidence evidence) {
        this.thresholds = thresholds;
        this.motionGate = motionGate;
        this.evidence = evidence;
    }

    /** A fix of the victim's unit: a valid GPS one is the zone's new centre (a late one does not move it back). */
    void onVictimFix(DeviceState state, Fix victim) {
        if (!victim.valid() || (victim.source() != null && victim.source() != Fix.PositionSource.GPS)) {
            return;
        }
        long time = victim.deviceTime().toEpochMilli();
        if (time >= state.victimTime || state.victimTime == DeviceState.NONE) {
            state.victimLat = victim.latitude();
            state.victimLon = victim.longitude();
            boolean saysNothing = victim.accuracyMeters() == null && victim.hdop() == null
                    && victim.satellites() == null;
            state.victimAccuracy = (float) Math.min(thresholds.accuracyCapMetres(),
                    saysNothing ? thresholds.unknownAccuracyMetres() : motionGate.accuracy(victim));
            state.victimTime = time;
        }
    }

    /** A trusted GPS fix of the person against the victim's zones. */
    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        Double proximity = plan.victimProximityMeters();
        if (proximity == null || !state.fixTrusted) {
            return;
        }
        boolean fresh = state.victimTime != DeviceState.NONE
                && Math.abs(time - state.victimTime) <= thresholds.staleMs();
        if (!fresh) {
            return;
        }
        double accuracy = state.trustedZoneAccuracy; // the zone rules' accuracy of this fix
        int track = ZoneEvidence.victimTrack(plan);
        double distance = Geo.distance(fix.latitude(), fix.longitude(), state.victimLat, state.victimLon);
        evidence.observe(state, track, proximity - distance, accuracy, state.victimAccuracy, fix, time,
                state.coherentRun);
        Double preAlert = plan.victimPreAlertMeters();
        if (preAlert != null) {
            evidence.observe(state, track + 1, proximity + preAlert - distance, accuracy, state.victimAccuracy, fix,
                    time, state.coherentRun);
        }
    }
}
