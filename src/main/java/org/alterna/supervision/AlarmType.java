package org.alterna.supervision;

import java.util.Locale;

/**
 * The kinds of alarm Alterna knows: raised by the supervision engine and worked on the alarm desk (which gives each
 * its severity). PANIC and POWER_CUT are the device's own alarms (its panic button, its main power cut) as it reports
 * them ({@link DeviceAlarmRules}). Alarms travel and are stored by name: consumers must accept names they do not know.
 */
public enum AlarmType {
    INCLUSION_ZONE, EXCLUSION_ZONE, VICTIM_PROXIMITY, VICTIM_PRE_ALERT, ROUTE_DEVIATION, STRAP_TAMPER,
    LOW_BATTERY, BATTERY_CRITICAL, NOT_CHARGING, NO_COMMUNICATION, NO_FIX, PANIC, POWER_CUT;

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
