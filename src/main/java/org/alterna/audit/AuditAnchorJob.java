package org.alterna.audit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Signs the audit chain's head at intervals ({@code alterna.audit.anchor-interval}, default 1 min) and at shutdown. */
@Component
@ConditionalOnProperty(name = "alterna.jobs.enabled", havingValue = "true", matchIfMissing = true)
class AuditAnchorJob {
    private static final Logger log = LoggerFactory.getLogger(AuditAnchorJob.class);
    private final AuditAnchors anchors;

    AuditAnchorJob(AuditAnchors anchors) {
        this.anchors = anchors;
    }

    @Scheduled(fixedDelayString = "${alterna.audit.anchor-interval:PT1M}")
    void anchor() {
        try {
            anchors.anchor();
        } catch (RuntimeException e) {
            log.error("cannot anchor the audit chain (retrying at the next interval)", e);
        }
    }

    @PreDestroy
    void atShutdown() {
        anchor();
    }
}
