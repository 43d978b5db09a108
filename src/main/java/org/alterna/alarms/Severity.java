package org.alterna.alarms;

import org.alterna.supervision.AlarmType;

/**
 * How urgent an alarm is; drives the SLA timers and the order of the alarm list (CRITICAL first). Industry practice:
 * tamper, exclusion/victim zone and panic are critical; communication/location failure, battery critical, route
 * deviation and curfew breaches are serious. A type name Alterna does not know is SERIOUS so that no signal is ever
 * dropped.
 */
public enum Severity {
    CRITICAL, SERIOUS, INFO;

    /** Lower is more urgent. */
    int rank() {
        return ordinal();
    }

    /** The severity of an alarm type. */
    public static Severity of(AlarmType type) {
        return switch (type) {
            case EXCLUSION_ZONE, VICTIM_PROXIMITY, PANIC, STRAP_TAMPER -> CRITICAL;
            case INCLUSION_ZONE, ROUTE_DEVIATION, NO_COMMUNICATION, NO_FIX, POWER_CUT, BATTERY_CRITICAL,
                    HOME_PRESENCE_LOST, HOME_UNIT_UNPOWERED, HOME_UNIT_MOVED -> SERIOUS;
            case VICTIM_PRE_ALERT, LOW_BATTERY, NOT_CHARGING -> INFO;
        };
    }

    /** The severity of any type name; unknown names are SERIOUS. */
    public static Severity ofType(String type) {
        AlarmType known = AlarmType.ofName(type);
        return known == null ? SERIOUS : of(known);
    }
}
