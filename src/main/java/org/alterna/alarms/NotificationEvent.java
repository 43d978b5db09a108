package org.alterna.alarms;

/** The alarm-desk events a notification rule can subscribe to. */
enum NotificationEvent {
    RAISED, ESCALATED, SLA_MISSED, INCIDENT_REPORT
}
