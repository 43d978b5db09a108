package org.alterna.supervision;

/** Kinds of alarm the supervision engine raises. Consumers must ignore types they do not know. */
public enum AlarmType {
    INCLUSION_ZONE, EXCLUSION_ZONE, VICTIM_PROXIMITY, VICTIM_PRE_ALERT, ROUTE_DEVIATION, STRAP_TAMPER,
    LOW_BATTERY, BATTERY_CRITICAL, NOT_CHARGING, NO_COMMUNICATION, NO_FIX;

    /** Zone-like alarms carry a zone (or route) id. */
    public boolean hasZone() {
        return this == INCLUSION_ZONE || this == EXCLUSION_ZONE || this == ROUTE_DEVIATION;
    }
}
