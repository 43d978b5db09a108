package org.alterna.alarms;

/** OPEN → ACKNOWLEDGED → RESOLVED; ESCALATED (to the INPE supervisor) from OPEN or ACKNOWLEDGED. */
public enum AlarmStatus {
    OPEN, ACKNOWLEDGED, ESCALATED, RESOLVED
}
