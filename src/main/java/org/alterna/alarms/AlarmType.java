package org.alterna.alarms;

import java.util.Locale;

/**
 * The alarm types Alterna knows, with their severity (industry practice: tamper, exclusion/victim zone and panic are
 * critical; communication/location failure, battery critical, route deviation and curfew breaches are serious).
 * Types not listed here are accepted as {@link Severity#SERIOUS} so that no signal is ever dropped.
 */
public enum AlarmType {
    INCLUSION_ZONE(Severity.SERIOUS),
    EXCLUSION_ZONE(Severity.CRITICAL),
    VICTIM_PROXIMITY(Severity.CRITICAL),
    VICTIM_PRE_ALERT(Severity.INFO),
    PANIC(Severity.CRITICAL),
    STRAP_TAMPER(Severity.CRITICAL),
    ROUTE_DEVIATION(Severity.SERIOUS),
    NO_COMMUNICATION(Severity.SERIOUS),
    NO_FIX(Severity.SERIOUS),
    POWER_CUT(Severity.SERIOUS),
    BATTERY_CRITICAL(Severity.SERIOUS),
    LOW_BATTERY(Severity.INFO),
    NOT_CHARGING(Severity.INFO);

    private final Severity severity;

    AlarmType(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** The canonical spelling of a type name (trimmed, upper case). */
    public static String normalise(String type) {
        return type == null ? null : type.trim().toUpperCase(Locale.ROOT);
    }

    /** The severity of any type name; unknown types are SERIOUS. */
    public static Severity severityOf(String type) {
        String t = normalise(type);
        for (AlarmType known : values()) {
            if (known.name().equals(t)) {
                return known.severity;
            }
        }
        return Severity.SERIOUS;
    }
}
