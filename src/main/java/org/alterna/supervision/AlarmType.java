package org.alterna.supervision;

import java.util.Locale;

/**
 * The kinds of alarm Alterna knows: raised by the supervision engine and worked on the alarm desk (which gives each
 * its severity). PANIC and POWER_CUT are the device's own alarms (its panic button, its main power cut) as it reports
 * them ({@link DeviceAlarmRules}). Alarms travel and are stored by name: consumers must accept names they do not know.
 * HOME_PRESENCE_LOST, HOME_UNIT_UNPOWERED and HOME_UNIT_MOVED come from the home's radio evidence of presence
 * ({@link HomePresence}).
 */
public enum AlarmType {
    INCLUSION_ZONE, EXCLUSION_ZONE, VICTIM_PROXIMITY, VICTIM_PRE_ALERT, ROUTE_DEVIATION, STRAP_TAMPER,
    LOW_BATTERY, BATTERY_CRITICAL, NOT_CHARGING, NO_COMMUNICATION, NO_FIX, PANIC, POWER_CUT,
    /** During the curfew the tag and the home's beacon or home unit have not heard each other for the order's limit. */
    HOME_PRESENCE_LOST,
    /** The RF home unit is off mains power (unplugged, a power cut) for 5 minutes or more. */
    HOME_UNIT_UNPOWERED,
    /** The home unit, or the home beacon, is more than 100 m from where it was installed. */
    HOME_UNIT_MOVED;

    /** Zone-like alarms carry a zone (or route) id. */
    public boolean hasZone() {
        return this == INCLUSION_ZONE || this == EXCLUSION_ZONE || this == ROUTE_DEVIATION;
    }

    /** The canonical spelling of a type name (trimmed, upper case); null stays null. */
    public static String normalise(String type) {
        return type == null ? null : type.trim().toUpperCase(Locale.ROOT);
    }

    /** The known type of a name in any spelling, or null for a name Alterna does not know. */
    public static AlarmType ofName(String type) {
        String t = normalise(type);
        for (AlarmType known : values()) {
            if (known.name().equals(t)) {
                return known;
            }
        }
        return null;
    }
}
