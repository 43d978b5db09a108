package org.alterna.alarms;

/**
 * The alarm-desk events a notification rule can subscribe to, and COURT_REPORT: a periodic report queued for a court
 * through {@link NotificationQueue} (addressed directly, not through rules).
 */
enum NotificationEvent {
    RAISED, ESCALATED, SLA_MISSED, INCIDENT_REPORT, COURT_REPORT
}
