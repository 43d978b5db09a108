package org.alterna.devices;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The installation deadline, checked every minute (off with alterna.jobs.enabled=false). */
@Component
@ConditionalOnProperty(name = "alterna.jobs.enabled", havingValue = "true", matchIfMissing = true)
class DeviceJobs {
    private final Installations installations;

    DeviceJobs(Installations installations) {
        this.installations = installations;
    }

    @Scheduled(fixedDelayString = "${alterna.devices.deadline-check-interval:PT1M}", initialDelayString = "PT30S")
    void checkInstallationDeadlines() {
        installations.checkDeadlines();
    }
}
