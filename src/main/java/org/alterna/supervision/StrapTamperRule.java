package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * STRAP_TAMPER: raised at the first fix with the strap open (or the device's tamper flag), cleared at the first fix
 * with it closed again. Immediate by design (no thresholds): a cut strap is the one breach that cannot wait.
 */
final class StrapTamperRule implements SupervisionRule {
    private static final int STRAP_TAMPER = AlarmType.STRAP_TAMPER.ordinal();

    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        boolean open = fix.strap() == Fix.StrapState.OPEN
                || !fix.alarms().isEmpty() && fix.alarms().contains(Fix.DeviceAlarm.TAMPER);
        if (open) {
            if (!state.isOpen(STRAP_TAMPER)) {
                AlarmChanges.raise(state, plan, AlarmType.STRAP_TAMPER, time, time, late, fix, fix.deviceId());
            }
        } else if (fix.strap() == Fix.StrapState.CLOSED && state.isOpen(STRAP_TAMPER)) {
            AlarmChanges.clear(state, AlarmType.STRAP_TAMPER, time, late, fix.deviceId());
        }
    }
}
