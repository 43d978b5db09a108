package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * The alarms a device raises itself, as its model profile decodes them into {@link Fix#alarms()}: the panic button
 * (SOS → {@link AlarmType#PANIC}, also of the victim's unit), a cut of main power ({@link AlarmType#POWER_CUT}), and a
 * low-battery flag from a device that reports no level ({@link AlarmType#LOW_BATTERY}; a reported level is judged by
 * the engine's battery rule, which also clears it). A flag's alarm is open from the first message with it to the
 * first without it (the desk keeps the ticket until an operator resolves it). Strap and case tamper flags are the
 * engine's strap rule ({@link AlarmType#STRAP_TAMPER}). Pure: {@code (state, fix) → (state, alarms)}, applied to each
 * fix (or position-less device event) after the engine, in device-time order, on the same {@link DeviceState}.
 */
final class DeviceAlarmRules {
    private static final int PANIC = AlarmType.PANIC.ordinal();
    private static final int POWER_CUT = AlarmType.POWER_CUT.ordinal();
    private static final int LOW_BATTERY = AlarmType.LOW_BATTERY.ordinal();
    /** Zone key of the victim unit's panic: a ticket of its own beside the person's. */
    static final String VICTIM = "victim";

    private DeviceAlarmRules() {
    }

    /** A fix of the supervised person's unit, evaluated in order; {@code out}: the engine's changes for it. */
    static List<AlarmEvent> onFix(DeviceState s, Fix f, SupervisionPlan plan, List<AlarmEvent> out) {
        long t = f.deviceTime().toEpochMilli();
        long received = f.serverTime() == null ? t : f.serverTime().toEpochMilli();
        boolean late = received - t > SupervisionEngine.LATE_MS;
        List<AlarmEvent> events = out;
        events = flag(s, plan, f, t, late, f.alarms().contains(Fix.DeviceAlarm.SOS), AlarmType.PANIC, PANIC, events);
        events = flag(s, plan, f, t, late, f.alarms().contains(Fix.DeviceAlarm.POWER_CUT), AlarmType.POWER_CUT,
                POWER_CUT, events);
        if (f.batteryPercent() == null && plan.lowBatteryPercent() != null) {
            boolean low = f.alarms().contains(Fix.DeviceAlarm.LOW_BATTERY);
            boolean powered = Boolean.TRUE.equals(f.charging()) || Boolean.TRUE.equals(f.externalPower());
            if (low && !powered && !s.isOpen(LOW_BATTERY)) {
                events = raise(s, plan, f, t, late, AlarmType.LOW_BATTERY, LOW_BATTERY, events);
            } else if (!low && powered && s.isOpen(LOW_BATTERY)) {
                events = clear(s, f, t, late, AlarmType.LOW_BATTERY, LOW_BATTERY, events);
            }
        }
        return events;
    }

    /** A fix of the victim's unit, in arrival order: its panic button. */
    static List<AlarmEvent> onVictimFix(DeviceState s, Fix v, SupervisionPlan plan) {
        long t = v.deviceTime().toEpochMilli();
        boolean sos = v.alarms().contains(Fix.DeviceAlarm.SOS);
        if (sos && s.victimPanicStart == DeviceState.NONE) {
            if (plan.suspended(AlarmType.PANIC, Instant.ofEpochMilli(t))) {
                return List.of();
            }
            s.victimPanicStart = t;
            Instant at = Instant.ofEpochMilli(t);
            return List.of(new AlarmEvent(AlarmEvent.Kind.RAISED, AlarmEvent.idOf(AlarmType.PANIC, VICTIM, at),
                    v.deviceId(), AlarmType.PANIC, VICTIM, at, null, at, false, evidence(v)));
        }
        if (!sos && s.victimPanicStart != DeviceState.NONE && t >= s.victimPanicStart) {
            Instant start = Instant.ofEpochMilli(s.victimPanicStart);
            s.victimPanicStart = DeviceState.NONE;
            return List.of(new AlarmEvent(AlarmEvent.Kind.CLEARED, AlarmEvent.idOf(AlarmType.PANIC, VICTIM, start),
                    v.deviceId(), AlarmType.PANIC, VICTIM, start, Instant.ofEpochMilli(t), null, false, List.of()));
        }
        return List.of();
    }

    private static List<AlarmEvent> flag(DeviceState s, SupervisionPlan plan, Fix f, long t, boolean late,
            boolean present, AlarmType type, int ordinal, List<AlarmEvent> events) {
        if (present && !s.isOpen(ordinal)) {
            return raise(s, plan, f, t, late, type, ordinal, events);
        }
        if (!present && s.isOpen(ordinal)) {
            return clear(s, f, t, late, type, ordinal, events);
        }
        return events;
    }

    private static List<AlarmEvent> raise(DeviceState s, SupervisionPlan plan, Fix f, long t, boolean late,
            AlarmType type, int ordinal, List<AlarmEvent> events) {
        Instant at = Instant.ofEpochMilli(t);
        if (plan.suspended(type, at)) {
            return events; // a device's own alarm is immediate: no grace period delays a button press
        }
        s.opened(ordinal, t);
        return add(events, new AlarmEvent(AlarmEvent.Kind.RAISED, AlarmEvent.idOf(type, null, at), f.deviceId(), type,
                null, at, null, at, late, evidence(f)));
    }

    private static List<AlarmEvent> clear(DeviceState s, Fix f, long t, boolean late, AlarmType type, int ordinal,
            List<AlarmEvent> events) {
        long start = s.openStart[ordinal];
        s.closed(ordinal);
        Instant st = Instant.ofEpochMilli(start);
        return add(events, new AlarmEvent(AlarmEvent.Kind.CLEARED, AlarmEvent.idOf(type, null, st), f.deviceId(), type,
                null, st, Instant.ofEpochMilli(Math.max(t, start)), null, late, List.of()));
    }

    private static List<AlarmEvent.Evidence> evidence(Fix f) {
        return f.hasPosition() && f.valid() ? List.of(AlarmEvent.Evidence.of(f)) : List.of();
    }

    private static List<AlarmEvent> add(List<AlarmEvent> events, AlarmEvent e) {
        List<AlarmEvent> out = events instanceof ArrayList<AlarmEvent> a ? a : new ArrayList<>(events);
        out.add(e);
        return out;
    }
}
