package org.alterna.alarms;

/** How urgent an alarm is; drives the SLA timers and the order of the alarm list (CRITICAL first). */
public enum Severity {
    CRITICAL, SERIOUS, INFO;

    /** Lower is more urgent. */
    int rank() {
        return ordinal();
    }
}
