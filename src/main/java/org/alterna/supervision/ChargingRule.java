package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * NOT_CHARGING: within the plan's charging window, the tag reporting it is not charging for longer than the rule's
 * grace period (the plan's, no threshold of its own); a report of charging, or the window's end, clears it.
 */
final class ChargingRule implements SupervisionRule {
    private static final int NOT_CHARGING = AlarmType.NOT_CHARGING.ordinal();

    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        WeeklySchedule window = plan.chargingWindow();
        if (window == null) {
            return;
        }
        long windowStart = window.windowStart(time / 1000, plan.timezone().getRules());
        boolean charging = Boolean.TRUE.equals(fix.charging());
        if (windowStart == Long.MIN_VALUE || charging) {
            // before the window, a report without charging is remembered: if the next one (in the window) still shows
            // none, the tag was off the charger from the window's start, not from that report
            state.notChargingSince = windowStart == Long.MIN_VALUE && Boolean.FALSE.equals(fix.charging()) ? time
                    : DeviceState.NONE;
            if (state.isOpen(NOT_CHARGING)) {
                AlarmChanges.clear(state, AlarmType.NOT_CHARGING, time, late, fix.deviceId());
            }
            return;
        }
        if (fix.charging() == null) {
            return;
        }
        if (state.notChargingSince == DeviceState.NONE) {
            state.notChargingSince = Math.max(time, windowStart * 1000);
        } else if (state.notChargingSince < windowStart * 1000) {
            state.notChargingSince = windowStart * 1000;
        }
        if (!state.isOpen(NOT_CHARGING)
                && time - state.notChargingSince >= plan.grace(AlarmType.NOT_CHARGING).toMillis()) {
            AlarmChanges.raise(state, plan, AlarmType.NOT_CHARGING, state.notChargingSince, time, late, fix,
                    fix.deviceId());
        }
    }
}
