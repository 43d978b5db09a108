package org.alterna.supervision;

/**
 * Kinds of alarm the supervision engine raises. Consumers must ignore types they do not know. PANIC and POWER_CUT
 * are the device's own alarms (its panic button, its main power cut) as it reports them ({@link DeviceAlarmRules}).
 */
public enum AlarmType {
    INCLUSION_ZONE, EXCLUSION_ZONE, VICTIM_PROXIMITY, VICTIM_PRE_ALERT, ROUTE_DEVIATION, STRAP_TAMPER,
    LOW_BATTERY, BATTERY_CRITICAL, NOT_CHARGING, NO_COMMUNICATION, NO_FIX, PANIC, POWER_CUT;

    /** Zone-like alarms carry a zone (or route) id. */
    public boolean hasZone() {
        return this == INCLUSION_ZONE || this == EXCLUSION_ZONE || this == ROUTE_DEVIATION;
    }
}
