package org.alterna.supervision;

import static org.alterna.supervision.SupervisionEngineTest.fix;
import static org.alterna.supervision.SupervisionEngineTest.home;
import static org.alterna.supervision.SupervisionEngineTest.walkOut;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

/**
 * Pursuit mode driven by a replayed breach: the engine's read-only {@link SupervisionEngine#breachSuspected} turns on
 * at the first fix beyond the boundary (no later than the breach is confirmed, often before: that is when positions
 * every 15 s matter) and off once the alarm has cleared; a fix the gateway flagged suspicious neither starts it nor clears a raised alarm.
 */
class PursuitReplayTest {

    record Step(int fix, boolean suspected) {
    }

    @Test
    void aBreachTurnsPursuitOnBeforeItIsConfirmedAndOffWhenItClears() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> fixes = new ArrayList<>(walkOut(8, 8));
        Instant back = fixes.get(fixes.size() - 1).deviceTime();
        for (int i = 1; i <= 5; i++) {
            fixes.add(fix(back.plusSeconds(60L * i), 0, 10));
        }
        SupervisionEngine engine = new SupervisionEngine();
        DeviceState s = new DeviceState();
        List<Step> transitions = new ArrayList<>();
        int raisedAt = -1;
        int clearedAt = -1;
        boolean suspected = false;
        for (int i = 0; i < fixes.size(); i++) {
            for (AlarmEvent e : engine.onFix(s, fixes.get(i), plan)) {
                if (e.kind() == AlarmEvent.Kind.RAISED) {
                    raisedAt = i;
                } else if (e.kind() == AlarmEvent.Kind.CLEARED) {
                    clearedAt = i;
                }
            }
            boolean now = SupervisionEngine.breachSuspected(s);
            if (now != suspected) {
                transitions.add(new Step(i, now));
                suspected = now;
            }
        }
        assertThat(raisedAt).isPositive();
        assertThat(clearedAt).isGreaterThan(raisedAt);
        assertThat(transitions).extracting(Step::suspected).containsExactly(true, false);
        assertThat(transitions.get(0).fix()).as("pursuit asked at the first fix beyond, no later than the alarm")
                .isLessThanOrEqualTo(raisedAt).isGreaterThanOrEqualTo(5);
        assertThat(transitions.get(1).fix()).as("normal interval restored once the alarm cleared")
                .isGreaterThanOrEqualTo(clearedAt);
    }

    @Test
    void aSlowDriftOutIsSuspectedBeforeItIsConfirmed() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        SupervisionEngine engine = new SupervisionEngine();
        DeviceState s = new DeviceState();
        Instant t0 = SupervisionEngineTest.T0;
        for (int i = 0; i < 5; i++) {
            engine.onFix(s, fix(t0.plusSeconds(60L * i), 0, 10), plan);
        }
        // standing 200 m out with a poor fix every minute: a cluster confirms it only after several fixes
        int suspectedAt = -1;
        int raisedAt = -1;
        for (int i = 1; i <= 12 && raisedAt < 0; i++) {
            List<AlarmEvent> e = engine.onFix(s, fix(t0.plusSeconds(240 + 60L * i), 200 + (i % 2) * 5, 30), plan);
            if (suspectedAt < 0 && SupervisionEngine.breachSuspected(s)) {
                suspectedAt = i;
            }
            if (e.stream().anyMatch(a -> a.kind() == AlarmEvent.Kind.RAISED)) {
                raisedAt = i;
            }
        }
        assertThat(suspectedAt).isEqualTo(1);
        assertThat(raisedAt).as("confirmed later").isGreaterThan(suspectedAt);
    }

    @Test
    void aSuspiciousFixNeitherStartsPursuitNorRetractsARaisedAlarm() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        SupervisionEngine engine = new SupervisionEngine();
        DeviceState s = new DeviceState();
        Instant t0 = SupervisionEngineTest.T0;
        for (int i = 0; i < 5; i++) {
            engine.onFix(s, fix(t0.plusSeconds(60L * i), 0, 10), plan);
        }
        // 2 km away, flagged by the gateway: no suspicion
        engine.onFix(s, suspicious(fix(t0.plusSeconds(300), 2_000, 5)), plan);
        assertThat(SupervisionEngine.breachSuspected(s)).isFalse();
        // a real walk out: raised
        List<AlarmEvent> events = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            events.addAll(engine.onFix(s, fix(t0.plusSeconds(360 + 60L * i), 84.0 * i, 8), plan));
        }
        assertThat(events).extracting(AlarmEvent::kind).contains(AlarmEvent.Kind.RAISED);
        // suspicious fixes back at home do not clear it
        events.clear();
        for (int i = 1; i <= 5; i++) {
            events.addAll(engine.onFix(s, suspicious(fix(t0.plusSeconds(900 + 60L * i), 0, 5)), plan));
        }
        assertThat(events).extracting(AlarmEvent::kind).doesNotContain(AlarmEvent.Kind.CLEARED,
                AlarmEvent.Kind.RETRACTED);
        assertThat(SupervisionEngine.breachSuspected(s)).isTrue();
        // trusted fixes at home do
        for (int i = 1; i <= 5; i++) {
            events.addAll(engine.onFix(s, fix(t0.plusSeconds(1300 + 60L * i), 0, 5), plan));
        }
        assertThat(events).extracting(AlarmEvent::kind).contains(AlarmEvent.Kind.CLEARED);
    }

    static Fix suspicious(Fix f) {
        return new Fix(f.deviceId(), f.deviceTime(), f.serverTime(), f.latitude(), f.longitude(), f.altitude(),
                f.speedKmh(), f.course(), f.satellites(), f.hdop(), f.accuracyMeters(), f.valid(), f.source(),
                f.batteryPercent(), f.externalPower(), f.charging(), f.strap(), f.alarms(),
                Map.of(SupervisionEngine.SUSPICIOUS, "speed"));
    }
}
