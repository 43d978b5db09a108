package org.alterna.telemetry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Daily creation of the fixes partitions ahead of time (retention is the data-protection capability's job). */
@Component
@ConditionalOnProperty(name = "alterna.jobs.enabled", havingValue = "true", matchIfMissing = true)
class TelemetryJobs {
    private static final Logger log = LoggerFactory.getLogger(TelemetryJobs.class);
    private final FixPartitions partitions;

    TelemetryJobs(FixPartitions partitions) {
        this.partitions = partitions;
    }

    @Scheduled(cron = "${alterna.telemetry.maintenance-cron:0 17 3 * * *}", zone = "UTC")
    void maintain() {
        partitions.ensurePartitions();
        log.debug("fixes partitions: {}", partitions.partitions());
    }
}
