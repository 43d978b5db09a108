package org.alterna.alarms;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the alarm desk ({@code alterna.alarms.*}). SLA defaults follow common monitoring-centre practice
 * (critical alarms acknowledged within 2 minutes — cf. NIJ-1004 asks a strap cut reported within 3 min); every value
 * is configurable.
 *
 * @param mergeWindow a condition that comes back within this time of its end continues the same alarm
 * @param sla         times to acknowledge and to resolve, per severity
 * @param protocols   where the response protocols (checklists per alarm type) are read from
 * @param escalation  who else hears of an alarm whose SLA is missed
 */
@ConfigurationProperties("alterna.alarms")
record AlarmSettings(@DefaultValue("PT10M") Duration mergeWindow, @DefaultValue Sla sla,
        @DefaultValue("classpath:alarm-protocols.json") String protocols, @DefaultValue Escalation escalation) {

    /** {@code alterna.alarms.sla.<severity>.acknowledge|resolve}; an unset time keeps its default. */
    record Sla(Times critical, Times serious, Times info) {
        Sla {
            critical = Times.orDefault(critical, Duration.ofMinutes(2), Duration.ofMinutes(30));
            serious = Times.orDefault(serious, Duration.ofMinutes(10), Duration.ofHours(4));
            info = Times.orDefault(info, Duration.ofHours(1), Duration.ofDays(1));
        }
    }

    record Times(Duration acknowledge, Duration resolve) {
        static Times orDefault(Times t, Duration acknowledge, Duration resolve) {
            return t == null ? new Times(acknowledge, resolve) : new Times(
                    t.acknowledge == null ? acknowledge : t.acknowledge, t.resolve == null ? resolve : t.resolve);
        }
    }

    /** @param notifySupervisors whether the INPE supervisors of the region are told of an escalated alarm */
    record Escalation(@DefaultValue("true") boolean notifySupervisors) {
    }

    Duration ackSla(Severity s) {
        return times(s).acknowledge();
    }

    Duration resolveSla(Severity s) {
        return times(s).resolve();
    }

    private Times times(Severity s) {
        return switch (s) {
            case CRITICAL -> sla.critical();
            case SERIOUS -> sla.serious();
            case INFO -> sla.info();
        };
    }
}
