package org.alterna.alarms;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The alarm desk's timers: SLA checks and outbox delivery every few seconds (off with alterna.jobs.enabled=false). */
@Component
@ConditionalOnProperty(name = "alterna.jobs.enabled", havingValue = "true", matchIfMissing = true)
class AlarmJobs {
    private final AlarmService alarms;
    private final OutboxDispatcher dispatcher;

    AlarmJobs(AlarmService alarms, OutboxDispatcher dispatcher) {
        this.alarms = alarms;
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${alterna.alarms.sla.check-interval:PT5S}", initialDelayString = "PT5S")
    void checkSla() {
        alarms.checkSla();
    }

    @Scheduled(fixedDelayString = "${alterna.notifications.dispatch-interval:PT5S}", initialDelayString = "PT5S")
    void dispatch() {
        dispatcher.dispatchInBackground(); // a slow receiver must not delay the next round for the others
    }
}
