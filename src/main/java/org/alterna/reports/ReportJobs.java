package org.alterna.reports;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Looks every night for courts whose reporting period ended (off with alterna.jobs.enabled=false). */
@Component
@ConditionalOnProperty(name = "alterna.jobs.enabled", havingValue = "true", matchIfMissing = true)
class ReportJobs {
    private final PeriodicReports periodic;
    private final ReportSettings settings;

    ReportJobs(PeriodicReports periodic, ReportSettings settings) {
        this.periodic = periodic;
        this.settings = settings;
    }

    @Scheduled(cron = "${alterna.reports.periodic-cron:0 30 2 * * *}", zone = "${alterna.time-zone:America/Lima}")
    void periodicReports() {
        if (settings.periodicEnabled()) {
            periodic.run();
        }
    }
}
