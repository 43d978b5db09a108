package org.alterna.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * How the engine's rules without geometry raise and clear an alarm: one open alarm per type, its start in
 * {@link DeviceState#openStart}, honouring the plan's suspensions and grace periods; the changes of the input being
 * evaluated are collected in the state and handed back by the engine.
 */
final class AlarmChanges {

    private AlarmChanges() {
    }

    /**
     * Raises {@code type}, begun at {@code start}, at {@code raisedAt} — unless suspended then or still within its
     * grace period (NOT_CHARGING counts its grace itself); {@code fix}, if any, is its evidence.
     */
    static void raise(DeviceState state, SupervisionPlan plan, AlarmType type, long start, long raisedAt, boolean late,
            Fix fix, String device) {
        Instant at = Instant.ofEpochMilli(raisedAt);
        if (plan.suspended(type, at)) {
            return;
        }
        Duration grace = plan.grace(type);
        if (type != AlarmType.NOT_CHARGING && raisedAt - start < grace.toMillis()) {
            return;
        }
        state.opened(type.ordinal(), start);
        Instant startedAt = Instant.ofEpochMilli(start);
        emit(state, new AlarmEvent(AlarmEvent.Kind.RAISED, AlarmEvent.idOf(type, null, startedAt), device, type, null,
                startedAt, null, at, late, fix == null ? List.of() : List.of(AlarmEvent.Evidence.of(fix))));
    }

    /** Clears the open alarm of {@code type}, ended at {@code end} (never before it began). */
    static void clear(DeviceState state, AlarmType type, long end, boolean late, String device) {
        long start = state.openStart[type.ordinal()];
        state.closed(type.ordinal());
        Instant startedAt = Instant.ofEpochMilli(start);
        emit(state, new AlarmEvent(AlarmEvent.Kind.CLEARED, AlarmEvent.idOf(type, null, startedAt), device, type, null,
                startedAt, Instant.ofEpochMilli(Math.max(end, start)), null, late, List.of()));
    }

    /** Adds an alarm change to those of the input being evaluated. */
    static void emit(DeviceState state, AlarmEvent event) {
        if (state.events == null) {
            state.events = new ArrayList<>(2);
        }
        state.events.add(event);
    }
}
