package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;

/**
 * Runs a scenario through the engine as the live system would after re-ordering: fixes are evaluated in device-time
 * order (late uploads are evaluated where they belong and mark their alarms late), victim fixes interleaved by time;
 * the unit's messages without a position (a scenario's {@code events}) are evaluated among its fixes, and the device's
 * own alarm flags (panic, power cut, low battery) as the live supervisor does ({@link DeviceAlarmRules}).
 */
public final class ReplayRunner {
    private final SupervisionEngine engine = new SupervisionEngine();

    /** Runs with any per-fix callback (used by the quality tools); events may be null. */
    public List<ReplayAlarm> run(SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes, List<AlarmEvent> events) {
        return run(plan, fixes, victimFixes, List.of(), events);
    }

    /**
     * Runs with the reports of the order's RF home unit interleaved by device time (the plan's home presence says what
     * they are); events may be null.
     */
    public List<ReplayAlarm> run(SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes, List<Fix> homeUnitFixes,
            List<AlarmEvent> events) {
        return run(PlanTimeline.of(plan), fixes, victimFixes, homeUnitFixes, events);
    }

    /** Runs with the conditions in force at each fix's time (variations of an order); events may be null. */
    public List<ReplayAlarm> run(PlanTimeline timeline, List<Fix> fixes, List<Fix> victimFixes,
            List<Fix> homeUnitFixes, List<AlarmEvent> events) {
        List<Fix> person = new ArrayList<>(fixes);
        person.sort(Comparator.comparing(Fix::deviceTime)); // stable: equal times keep arrival order
        List<Fix> victim = new ArrayList<>(victimFixes);
        victim.sort(Comparator.comparing(Fix::deviceTime));
        DeviceState state = new DeviceState();
        Map<String, ReplayAlarm> alarms = new LinkedHashMap<>();
        // communication is judged in arrival order, everything else in device-time order
        List<Fix> arrivals = new ArrayList<>(fixes);
        arrivals.sort(Comparator.comparing(f -> f.serverTime() == null ? f.deviceTime() : f.serverTime()));
        DeviceState comms = new DeviceState();
        for (Fix f : arrivals) {
            Instant received = f.serverTime() == null ? f.deviceTime() : f.serverTime();
            collect(engine.onReceived(comms, f.deviceId(), received, timeline.planAt(received)), alarms, events);
        }
        List<Fix> unit = new ArrayList<>(homeUnitFixes);
        unit.sort(Comparator.comparing(Fix::deviceTime));
        int v = 0;
        int u = 0;
        for (Fix f : person) {
            while (v < victim.size() && !victim.get(v).deviceTime().isAfter(f.deviceTime())) {
                Fix vf = victim.get(v++);
                engine.onVictimFix(state, vf);
                collect(DeviceAlarmRules.onVictimFix(state, vf, timeline.planAt(vf.deviceTime())), alarms, events);
            }
            while (u < unit.size() && !unit.get(u).deviceTime().isAfter(f.deviceTime())) {
                Fix r = unit.get(u++);
                collect(engine.onHomeUnitFix(state, r, timeline.planAt(r.deviceTime())), alarms, events);
            }
            SupervisionPlan plan = timeline.planAt(f.deviceTime());
            List<AlarmEvent> out = engine.onFix(state, f, plan, false);
            if (f.deviceTime().toEpochMilli() == state.lastFixTime) { // in order: the device's own alarms too
                out = DeviceAlarmRules.onFix(state, f, plan, out);
            }
            collect(out, alarms, events);
        }
        if (!person.isEmpty()) {
            Instant last = person.get(person.size() - 1).deviceTime();
            collect(engine.tick(state, last, timeline), alarms, events);
        }
        return new ArrayList<>(alarms.values());
    }

    private static void collect(List<AlarmEvent> list, Map<String, ReplayAlarm> alarms, List<AlarmEvent> events) {
        for (AlarmEvent e : list) {
            if (events != null) {
                events.add(e);
            }
            if (e.kind() == AlarmEvent.Kind.RETRACTED) {
                alarms.remove(e.alarmId());
            } else if (e.kind() == AlarmEvent.Kind.RAISED) {
                alarms.put(e.alarmId(), new ReplayAlarm(e.type(), e.zone(), e.start(), null, e.raisedAt(), e.late()));
            } else {
                ReplayAlarm a = alarms.get(e.alarmId());
                if (a != null) {
                    alarms.put(e.alarmId(), new ReplayAlarm(a.type(), a.zone(), a.start(), e.end(), a.raisedAt(),
                            a.late()));
                }
            }
        }
    }
}
