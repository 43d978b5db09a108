package org.alterna.alarms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the alarm desk: {@code alterna.alarms.raised{type,severity}},
 * {@code alterna.alarms.time.to.acknowledge{severity}}, {@code alterna.alarms.time.to.resolve{severity}},
 * {@code alterna.alarms.sla.missed{kind,severity}}, {@code alterna.alarms.resolved{code}} and
 * {@code alterna.notifications{channel,outcome}}.
 */
@Component
class AlarmMetrics {
    private final MeterRegistry registry;

    AlarmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void raised(Alarm a) {
        Counter.builder("alterna.alarms.raised").tag("type", a.type()).tag("severity", a.severity().name())
                .register(registry).increment();
    }

    void acknowledged(Alarm a) {
        Timer.builder("alterna.alarms.time.to.acknowledge").tag("severity", a.severity().name())
                .publishPercentiles(0.5, 0.9).register(registry)
                .record(nonNegative(Duration.between(a.createdAt(), a.acknowledgedAt())));
    }

    void resolved(Alarm a) {
        Timer.builder("alterna.alarms.time.to.resolve").tag("severity", a.severity().name())
                .publishPercentiles(0.5, 0.9).register(registry)
                .record(nonNegative(Duration.between(a.createdAt(), a.resolvedAt())));
        Counter.builder("alterna.alarms.resolved").tag("code", a.resolutionCode().name()).register(registry)
                .increment();
    }

    void slaMissed(Alarm a, String kind) {
        Counter.builder("alterna.alarms.sla.missed").tag("kind", kind).tag("severity", a.severity().name())
                .register(registry).increment();
    }

    void notification(Channel channel, String outcome) {
        Counter.builder("alterna.notifications").tag("channel", channel.name()).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** A clock stepped back (NTP) must not record a negative duration. */
    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
