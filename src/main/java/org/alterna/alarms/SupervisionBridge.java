package org.alterna.alarms;

import java.util.List;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.SupervisedAlarm;
import org.alterna.supervision.SupervisedPosition;
import org.alterna.telemetry.Fix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings the supervision engine's alarm changes to the desk (raised → a ticket, cleared → the condition ended on
 * the ticket); a device's own panic button becomes a PANIC alarm. (Supervised positions reach the live feed
 * directly: {@link LiveFeedHub} listens to them.)
 */
@Component
class SupervisionBridge {
    private static final Logger log = LoggerFactory.getLogger(SupervisionBridge.class);
    private final AlarmIntake intake;

    SupervisionBridge(AlarmIntake intake) {
        this.intake = intake;
    }

    @EventListener
    void on(SupervisedAlarm alarm) {
        AlarmEvent e = alarm.event();
        switch (e.kind()) {
            case RAISED -> intake.raise(new AlarmSignal(alarm.orderId(), e.deviceId(), alarm.deviceModel(),
                    e.type().name(), e.zone(), e.start(), e.raisedAt(), e.late(), evidence(e)));
            case CLEARED -> intake.conditionCleared(alarm.orderId(), e.type().name(), e.zone(), e.end());
            case RETRACTED -> {
                // late fixes showed the person was not in breach: the condition ends where it began, and the
                // operator resolves the ticket (as TECHNICAL) with the engine's record as the note's evidence
                log.info("engine retracted {} of order {} after late fixes", e.alarmId(), alarm.orderId());
                intake.conditionCleared(alarm.orderId(), e.type().name(), e.zone(), e.start());
            }
            default -> { }
        }
    }

    @EventListener
    void on(SupervisedPosition position) {
        Fix f = position.fix();
        if (f.alarms().contains(Fix.DeviceAlarm.SOS)) {
            intake.raise(new AlarmSignal(position.orderId(), f.deviceId(), null, "PANIC", null, f.deviceTime(),
                    f.deviceTime(), false, List.of(new EvidenceFix(f.deviceTime(), f.latitude(), f.longitude(),
                            f.accuracyMeters(), f.source() == null ? null : f.source().name()))));
        }
    }

    private static List<EvidenceFix> evidence(AlarmEvent e) {
        return e.evidence().stream().map(x -> new EvidenceFix(x.time(), x.lat(), x.lon(), x.accuracy(),
                x.source() == null ? null : x.source().name())).toList();
    }
}
