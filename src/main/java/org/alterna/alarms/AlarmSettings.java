package org.alterna.alarms;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Tunables of the alarm desk. SLA defaults follow common monitoring-centre practice (critical alarms acknowledged
 * within 2 minutes — cf. NIJ-1004 asks a strap cut reported within 3 min); every value is configurable.
 */
@Component
class AlarmSettings {
    final Duration mergeWindow;
    final Duration criticalAck;
    final Duration criticalResolve;
    final Duration seriousAck;
    final Duration seriousResolve;
    final Duration infoAck;
    final Duration infoResolve;

    AlarmSettings(@Value("${alterna.alarms.merge-window:PT10M}") Duration mergeWindow,
            @Value("${alterna.alarms.sla.critical.acknowledge:PT2M}") Duration criticalAck,
            @Value("${alterna.alarms.sla.critical.resolve:PT30M}") Duration criticalResolve,
            @Value("${alterna.alarms.sla.serious.acknowledge:PT10M}") Duration seriousAck,
            @Value("${alterna.alarms.sla.serious.resolve:PT4H}") Duration seriousResolve,
            @Value("${alterna.alarms.sla.info.acknowledge:PT1H}") Duration infoAck,
            @Value("${alterna.alarms.sla.info.resolve:P1D}") Duration infoResolve) {
        this.mergeWindow = mergeWindow;
        this.criticalAck = criticalAck;
        this.criticalResolve = criticalResolve;
        this.seriousAck = seriousAck;
        this.seriousResolve = seriousResolve;
        this.infoAck = infoAck;
        this.infoResolve = infoResolve;
    }

    Duration ackSla(Severity s) {
        return switch (s) {
            case CRITICAL -> criticalAck;
            case SERIOUS -> seriousAck;
            case INFO -> infoAck;
        };
    }

    Duration resolveSla(Severity s) {
        return switch (s) {
            case CRITICAL -> criticalResolve;
            case SERIOUS -> seriousResolve;
            case INFO -> infoResolve;
        };
    }
}
