package org.alterna.alarms;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@link NotificationQueue} on the persisted outbox. */
@Component
class CourtReportQueue implements NotificationQueue {
    private final Outbox outbox;
    private final Clock clock;

    CourtReportQueue(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public UUID courtReportEmail(String to, String subject, String body) {
        UUID id = UUID.randomUUID();
        outbox.enqueue(id, null, null, null, NotificationEvent.COURT_REPORT, Channel.EMAIL, to, subject, body,
                clock.instant());
        return id;
    }

    @Override
    public Optional<String> status(UUID id) {
        return outbox.status(id);
    }
}
