package org.alterna.alarms;

import java.util.Optional;
import java.util.UUID;

/**
 * Queues a message that is not about one alarm — a periodic compliance report for a court — through the alarm desk's
 * persisted outbox, with the same delivery, retries and administration ({@code GET /api/v1/notification-outbox}). Call
 * inside the transaction of the change the message is about: a rollback sends nothing.
 */
public interface NotificationQueue {

    /** Enqueues an e-mail; returns its outbox id. */
    UUID courtReportEmail(String to, String subject, String body);

    /** The delivery state of a queued message (PENDING, SENT or DEAD), if it exists. */
    Optional<String> status(UUID id);
}
