package org.alterna.alarms;

/** How a notification is delivered. */
enum Channel {
    EMAIL, WEBHOOK, SMS
}
