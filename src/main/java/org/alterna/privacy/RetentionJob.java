package org.alterna.privacy;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the retention policy daily ({@code alterna.retention.cron}, UTC); off with alterna.jobs.enabled=false. */
@Component
@ConditionalOnProperty(name = "alterna.jobs.enabled", havingValue = "true", matchIfMissing = true)
class RetentionJob {
    private final Retention retention;
    private final RetentionSettings settings;

    RetentionJob(Retention retention, RetentionSettings settings) {
        this.retention = retention;
        this.settings = settings;
    }

    @Scheduled(cron = "${alterna.retention.cron:0 37 3 * * *}", zone = "UTC")
    void daily() {
        if (settings.enabled()) {
            retention.run();
        }
    }
}
