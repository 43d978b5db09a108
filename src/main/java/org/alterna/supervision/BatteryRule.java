package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * LOW_BATTERY and BATTERY_CRITICAL from the level a fix reports, each against its threshold in the plan. A reading at
 * or below the threshold (not charging) raises once confirmed — by a second such reading within
 * {@link Thresholds#confirmMs} (the alarm starts at the first), or at once when it is
 * {@link Thresholds#jitterPoints} or more below the threshold (beyond the gauge's jitter); charging, or two
 * consecutive readings at the threshold + {@link Thresholds#jitterPoints} or more, clears. A device that reports no
 * level but a low-battery flag is judged by {@link DeviceAlarmRules}.
 */
final class BatteryRule implements SupervisionRule {

    /**
     * @param confirmMs how long a low reading waits for a second one to confirm it
     * @param jitterPoints percentage points of the gauge's jitter: this far below the threshold raises at once, this
     *     far above it counts toward clearing
     */
    record Thresholds(long confirmMs, int jitterPoints) {
        static final Thresholds STANDARD = new Thresholds(30 * 60_000L, 2);
    }

    /** A level's confirmation count: a low reading waits for a second one; the open alarm waits for a high pair. */
    private static final byte NOTHING_PENDING = 0;
    private static final byte ONE_LOW_READING = 1;
    private static final byte RAISED = 2;
    private static final byte ONE_HIGH_READING = -1;

    private final Thresholds thresholds;

    BatteryRule(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        Integer percent = fix.batteryPercent();
        if (percent == null) {
            return;
        }
        boolean powered = Boolean.TRUE.equals(fix.charging()) || Boolean.TRUE.equals(fix.externalPower());
        state.lowBatteryCount = level(state, plan, AlarmType.LOW_BATTERY, plan.lowBatteryPercent(), percent, powered,
                state.lowBatteryCount, time, late, fix);
        state.criticalBatteryCount = level(state, plan, AlarmType.BATTERY_CRITICAL, plan.criticalBatteryPercent(),
                percent, powered, state.criticalBatteryCount, time, late, fix);
    }

    /** One level's rule for a reading of {@code percent}; returns its new confirmation count. */
    private byte level(DeviceState state, SupervisionPlan plan, AlarmType type, Integer threshold, int percent,
            boolean powered, byte count, long time, boolean late, Fix fix) {
        if (threshold == null) {
            return NOTHING_PENDING;
        }
        boolean low = type == AlarmType.LOW_BATTERY;
        long pending = low ? state.lowBatteryPending : state.criticalBatteryPending;
        String device = fix.deviceId();
        if (state.isOpen(type.ordinal())) {
            if (powered) {
                AlarmChanges.clear(state, type, time, late, device);
                return NOTHING_PENDING;
            }
            if (percent >= threshold + thresholds.jitterPoints()) {
                if (count >= 0) {
                    setPending(state, low, time);
                    return ONE_HIGH_READING;
                }
                AlarmChanges.clear(state, type, pending, late, device);
                return NOTHING_PENDING;
            }
            return NOTHING_PENDING;
        }
        boolean recent = count > 0 && pending != DeviceState.NONE && time - pending <= thresholds.confirmMs();
        if (powered) {
            return NOTHING_PENDING;
        }
        if (percent <= threshold) {
            if (recent || percent <= threshold - thresholds.jitterPoints()) {
                AlarmChanges.raise(state, plan, type, recent ? pending : time, time, late, fix, device);
                return state.isOpen(type.ordinal()) ? RAISED : (recent ? count : ONE_LOW_READING);
            }
            setPending(state, low, time);
            return ONE_LOW_READING;
        }
        return recent ? count : NOTHING_PENDING; // a reading just above does not cancel a recent low one
    }

    private static void setPending(DeviceState state, boolean low, long time) {
        if (low) {
            state.lowBatteryPending = time;
        } else {
            state.criticalBatteryPending = time;
        }
    }
}
