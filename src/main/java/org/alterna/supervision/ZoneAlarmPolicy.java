package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * When a breach the {@link ZoneEvidence} confirmed is an alarm, and when that alarm ends: INCLUSION_ZONE,
 * EXCLUSION_ZONE, ROUTE_DEVIATION (while the zone's or route's schedule is open), VICTIM_PROXIMITY and
 * VICTIM_PRE_ALERT (always). An alarm starts at the breach's interpolated crossing — or at the schedule's opening, or
 * the end of the last suspension of its type, if later — once the plan's grace period has passed since then, never
 * while a return is being confirmed or the latest fix is a precise one within its accuracy of the boundary (the person
 * may be coming back); a breach confirmed before its schedule opens is raised at the first input after. It ends at the
 * estimated crossing back, at the schedule's end, or when a suspension of its type begins. Limits are the plan's (its
 * schedules, grace periods and suspensions): the policy has no threshold of its own.
 */
final class ZoneAlarmPolicy implements SupervisionRule {

    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        evaluate(state, plan, time, late, fix.deviceId());
    }

    @Override
    public void onTick(DeviceState state, SupervisionPlan plan, long now) {
        evaluate(state, plan, now, false, null);
    }

    /** Raises and clears the alarms of every track with a breach confirmed or an alarm open. */
    private void evaluate(DeviceState state, SupervisionPlan plan, long time, boolean late, String device) {
        List<Zone> zones = plan.zones();
        int zoneCount = zones.size();
        Track[] tracks = state.tracks;
        for (int word = 0; word << 6 < zoneCount; word++) {
            // idle tracks of zones far outside: nothing to raise or clear
            long visit = ~state.farWord(word) & PlanZones.mask(word, zoneCount);
            while (visit != 0) {
                int track = (word << 6) + Long.numberOfTrailingZeros(visit);
                visit &= visit - 1;
                Track run = tracks[track];
                if (run != null && (run.open || run.confirmed)) {
                    Zone zone = zones.get(track);
                    alarm(state, plan, track, zone.type() == ZoneType.INCLUSION ? AlarmType.INCLUSION_ZONE
                            : AlarmType.EXCLUSION_ZONE, zone.id(), zone.schedule(), time, late, device);
                }
            }
        }
        List<Route> routes = plan.routes();
        int track = zoneCount;
        for (int r = 0; r < routes.size(); r++) {
            Track run = tracks[track];
            if (run != null && (run.open || run.confirmed)) {
                Route route = routes.get(r);
                alarm(state, plan, track, AlarmType.ROUTE_DEVIATION, route.id(), route.schedule(), time, late, device);
            }
            track++;
        }
        if (plan.victimProximityMeters() != null) {
            alarm(state, plan, track++, AlarmType.VICTIM_PROXIMITY, null, WeeklySchedule.always(), time, late, device);
            if (plan.victimPreAlertMeters() != null) {
                alarm(state, plan, track, AlarmType.VICTIM_PRE_ALERT, null, WeeklySchedule.always(), time, late,
                        device);
            }
        }
    }

    private void alarm(DeviceState state, SupervisionPlan plan, int track, AlarmType type, String zone,
            WeeklySchedule schedule, long time, boolean late, String device) {
        Track run = state.tracks[track];
        if (run == null || !run.open && !run.confirmed) {
            return; // the common case: nothing to do, no allocation
        }
        Instant now = Instant.ofEpochMilli(time);
        if (run.open) {
            long end = Track.NONE;
            if (!run.confirmed) {
                end = run.endEstimate == Track.NONE ? time : run.endEstimate;
            } else if (time >= run.windowEnd) {
                end = run.windowEnd;
            } else if (plan.suspended(type, now)) {
                end = time;
            }
            if (end != Track.NONE) {
                end = Math.max(end, run.alarmStart);
                Instant start = Instant.ofEpochMilli(run.alarmStart);
                AlarmChanges.emit(state, new AlarmEvent(AlarmEvent.Kind.CLEARED, AlarmEvent.idOf(type, zone, start),
                        device, type, zone, start, Instant.ofEpochMilli(end), null, late, List.of()));
                run.open = false;
                run.alarmStart = Track.NONE;
                if (!run.confirmed) {
                    run.evidence = null;
                    run.evidenceCount = 0;
                }
            }
        }
        if (!run.open && run.confirmed && run.backFixes == 0 && !run.unclear) { // not while a return is being confirmed
            long windowStart = schedule.windowStart(time / 1000, plan.timezone().getRules());
            if (windowStart == Long.MIN_VALUE || plan.suspended(type, now)) {
                return;
            }
            long since = Math.max(run.runStart,
                    windowStart <= Long.MIN_VALUE / 2000 ? Long.MIN_VALUE : windowStart * 1000);
            Instant lastSuspension = lastSuspensionEnd(plan, type, now);
            if (lastSuspension != null) {
                since = Math.max(since, lastSuspension.toEpochMilli());
            }
            if (time - since < plan.grace(type).toMillis()) {
                return;
            }
            long windowEnd = schedule.windowEnd(time / 1000, plan.timezone().getRules());
            run.open = true;
            run.alarmStart = since;
            run.windowEnd = windowEnd == Long.MAX_VALUE ? Long.MAX_VALUE : windowEnd * 1000;
            Instant start = Instant.ofEpochMilli(since);
            AlarmChanges.emit(state, new AlarmEvent(AlarmEvent.Kind.RAISED, AlarmEvent.idOf(type, zone, start), device,
                    type, zone, start, null, now, late, evidence(run)));
        }
    }

    /** The end of the latest suspension of {@code type} over by {@code now}, or null. */
    private static Instant lastSuspensionEnd(SupervisionPlan plan, AlarmType type, Instant now) {
        Instant latest = null;
        for (Suspension suspension : plan.suspensions()) {
            if ((suspension.types().isEmpty() || suspension.types().contains(type)) && !suspension.to().isAfter(now)
                    && (latest == null || suspension.to().isAfter(latest))) {
                latest = suspension.to();
            }
        }
        return latest;
    }

    /** The run's evidence fixes, as the raised alarm shows them. */
    private static List<AlarmEvent.Evidence> evidence(Track run) {
        if (run.evidence == null) {
            return List.of();
        }
        List<AlarmEvent.Evidence> list = new ArrayList<>(run.evidenceCount);
        for (int j = 0; j < run.evidenceCount; j++) {
            list.add(new AlarmEvent.Evidence(Instant.ofEpochMilli((long) run.evidence[j * 4]), run.evidence[j * 4 + 1],
                    run.evidence[j * 4 + 2], run.evidence[j * 4 + 3], Fix.PositionSource.GPS));
        }
        return list;
    }
}
