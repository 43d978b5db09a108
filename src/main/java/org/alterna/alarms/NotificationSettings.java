package org.alterna.alarms;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery of notifications ({@code alterna.notifications.*}).
 *
 * @param maxAttempts  attempts before a notification is dead (listed for the administrator, who may retry it)
 * @param backoff      wait before the next attempt: {@code initial × 2^(attempt-1)}, at most {@code max}; a failure
 *                     also holds back the other notifications to the same receiver for that long
 * @param lease        how long a claimed notification stays claimed if the process dies while sending it
 * @param timeout      the longest one delivery may take, from connecting to the end of the answer
 * @param parallelism  receivers served at once (each receiver gets at most one delivery at a time)
 * @param webhook      webhook destinations
 * @param mail         e-mail sender
 * @param sms          the SMS gateway
 */
@ConfigurationProperties("alterna.notifications")
record NotificationSettings(@DefaultValue("8") int maxAttempts, @DefaultValue Backoff backoff,
        @DefaultValue("PT2M") Duration lease, @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("8") int parallelism, @DefaultValue Webhook webhook, @DefaultValue Mail mail,
        @DefaultValue Sms sms) {

    NotificationSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("alterna.notifications.max-attempts must be at least 1");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("alterna.notifications.parallelism must be at least 1");
        }
        if (timeout.isZero() || timeout.isNegative() || lease.compareTo(timeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("alterna.notifications.lease (" + lease
                    + ") must be at least twice alterna.notifications.timeout (" + timeout + ")");
        }
    }

    record Backoff(@DefaultValue("PT30S") Duration initial, @DefaultValue("PT1H") Duration max) {
    }

    /**
     * @param allowedNetworks CIDR blocks (e.g. {@code 10.20.0.0/16}, {@code 127.0.0.1/32}, {@code fd00::/8}) that
     *                        webhooks may reach although they are loopback, link-local or private; empty by default
     * @param connectTimeout  the longest wait for a TCP connection
     */
    record Webhook(@DefaultValue List<String> allowedNetworks, @DefaultValue("PT5S") Duration connectTimeout) {
    }

    record Mail(@DefaultValue("alarmas@alterna.invalid") String from) {
    }

    /** @param authHeader an optional header {@code Name: value} sent to the gateway */
    record Sms(@DefaultValue("") String url, @DefaultValue("") String authHeader) {
    }
}
