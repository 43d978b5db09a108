package org.alterna.alarms;

import java.time.Instant;
import java.util.UUID;

/**
 * Where detected conditions enter the alarm desk. An ongoing condition never creates a second alarm: a signal for
 * the same order, type and zone as an alarm that is not RESOLVED is merged into it (evidence added, earliest start
 * kept), and a signal that arrives within {@code alterna.alarms.merge-window} after the condition cleared re-opens
 * that alarm's condition (a flap) instead of creating a new alarm.
 */
public interface AlarmIntake {

    /** Creates an alarm for the signal, or merges it into the ongoing one; returns the alarm. */
    Alarm raise(AlarmSignal signal);

    /** The condition ended (e.g. the person is back home): recorded on the alarm, which stays open for the desk. */
    void conditionCleared(UUID orderId, String type, String zone, Instant endedAt);
}
