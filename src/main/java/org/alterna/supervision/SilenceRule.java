package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * The silences, each over the plan's limit (no threshold of its own): NO_COMMUNICATION, nothing received from the
 * device (judged in arrival order, {@link #onReceived}), cleared by the next thing received; and NO_FIX, no valid GPS
 * fix (counted from the first contact), cleared by the next one. Either is raised when its limit passed — by a clock
 * tick, or by a report that shows it passed — never later than a tick would have.
 */
final class SilenceRule implements SupervisionRule {
    private static final int NO_COMMUNICATION = AlarmType.NO_COMMUNICATION.ordinal();
    private static final int NO_FIX = AlarmType.NO_FIX.ordinal();

    /** Something reached the server from the device at {@code received} (epoch ms, arrival order). */
    void onReceived(DeviceState state, SupervisionPlan plan, long received, String device) {
        Integer minutes = plan.noCommunicationMinutes();
        if (minutes != null) {
            long limit = minutes * 60_000L;
            if (state.lastReceived != DeviceState.NONE && !state.isOpen(NO_COMMUNICATION)
                    && received - state.lastReceived >= limit) {
                AlarmChanges.raise(state, plan, AlarmType.NO_COMMUNICATION, state.lastReceived,
                        state.lastReceived + limit, false, null, device);
            }
            if (state.isOpen(NO_COMMUNICATION) && received > state.lastReceived) {
                AlarmChanges.clear(state, AlarmType.NO_COMMUNICATION, received, false, device);
            }
        }
        if (received > state.lastReceived) {
            state.lastReceived = received;
        }
    }

    /** NO_FIX: a valid GPS fix ends the silence; any other report shows whether the limit passed. */
    @Override
    public void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late) {
        if (SupervisionEngine.gpsPosition(fix)) {
            state.lastValidFix = time;
            if (state.isOpen(NO_FIX)) {
                AlarmChanges.clear(state, AlarmType.NO_FIX, time, late, fix.deviceId());
            }
            return;
        }
        if (state.lastValidFix == DeviceState.NONE) {
            state.lastValidFix = time; // count from the first contact
        }
        if (plan.noFixMinutes() != null && !state.isOpen(NO_FIX)
                && time - state.lastValidFix >= plan.noFixMinutes() * 60_000L) {
            // raised when the limit passed (as a tick would have), not when a sparse report happens to show it
            AlarmChanges.raise(state, plan, AlarmType.NO_FIX, state.lastValidFix,
                    state.lastValidFix + plan.noFixMinutes() * 60_000L, late, fix, fix.deviceId());
        }
    }

    @Override
    public void onTick(DeviceState state, SupervisionPlan plan, long now) {
        if (plan.noCommunicationMinutes() != null && state.lastReceived != DeviceState.NONE
                && !state.isOpen(NO_COMMUNICATION)) {
            long limit = plan.noCommunicationMinutes() * 60_000L;
            if (now - state.lastReceived >= limit) {
                AlarmChanges.raise(state, plan, AlarmType.NO_COMMUNICATION, state.lastReceived,
                        state.lastReceived + limit, false, null, null);
            }
        }
        if (plan.noFixMinutes() != null && state.lastValidFix != DeviceState.NONE && !state.isOpen(NO_FIX)
                && now - state.lastValidFix >= plan.noFixMinutes() * 60_000L) {
            AlarmChanges.raise(state, plan, AlarmType.NO_FIX, state.lastValidFix,
                    state.lastValidFix + plan.noFixMinutes() * 60_000L, false, null, null);
        }
    }
}
