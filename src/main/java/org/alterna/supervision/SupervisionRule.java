package org.alterna.supervision;

import org.alterna.telemetry.Fix;

/**
 * One rule of the {@link SupervisionEngine}: what it remembers of a device lives in that device's {@link DeviceState}
 * (the engine's compact per-device arrays and fields), its limits in its own {@code Thresholds} record, and it raises
 * and clears alarms through {@link AlarmChanges}. Pure: no I/O, no clock, nothing of its own but its thresholds, so one
 * instance serves every device. The engine calls its rules in a fixed order for each input; the order of one input's
 * alarm changes is part of the result.
 */
interface SupervisionRule {

    /**
     * A fix of the supervised person's unit, in device-time order. {@code time}: its device time (epoch ms);
     * {@code late}: it reached the server more than {@link SupervisionEngine#LATE_MS} after it. A fix the gateway
     * flagged as implausible arrives marked invalid: it neither proves nor clears a breach.
     */
    void onFix(DeviceState state, SupervisionPlan plan, Fix fix, long time, boolean late);

    /** The clock reached {@code now} (epoch ms) with no new input: limits that expire by themselves. */
    default void onTick(DeviceState state, SupervisionPlan plan, long now) {
    }
}
