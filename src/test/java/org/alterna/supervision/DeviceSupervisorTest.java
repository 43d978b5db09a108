package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

class DeviceSupervisorTest {

    /** Final alarms (type, zone, start, end) after applying RAISED/CLEARED events by id. */
    static Map<String, String> alarms(List<AlarmEvent> events) {
        Map<String, String> m = new LinkedHashMap<>();
        for (AlarmEvent e : events) {
            if (e.kind() == AlarmEvent.Kind.RAISED) {
                m.put(e.alarmId(), e.type() + " " + e.zone() + " " + e.start() + " open");
            } else if (e.kind() == AlarmEvent.Kind.RETRACTED) {
                m.remove(e.alarmId());
            } else if (m.containsKey(e.alarmId())) {
                m.put(e.alarmId(), e.type() + " " + e.zone() + " " + e.start() + " " + e.end());
            }
        }
        return m;
    }

    static List<AlarmEvent> run(SupervisionPlan plan, List<Fix> arrival) {
        DeviceSupervisor sup = new DeviceSupervisor(new SupervisionEngine(), PlanTimeline.of(plan),
                Duration.ofMinutes(10), 64);
        List<AlarmEvent> out = new ArrayList<>();
        for (Fix f : arrival) {
            out.addAll(sup.onFix(f));
        }
        return out;
    }

    @Test
    void shuffledArrivalRaisesAndClearsTheSameAlarmsAsSortedArrivalMarkedLate() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(SupervisionEngineTest.home(null)).build();
        List<Fix> sorted = SupervisionEngineTest.walkOut(8, 8);
        List<AlarmEvent> inOrder = run(plan, sorted);
        // swap neighbours (each pair arrives newest first), arrival times a few seconds apart
        List<Fix> shuffled = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += 2) {
            if (i + 1 < sorted.size()) {
                shuffled.add(sorted.get(i + 1));
            }
            shuffled.add(sorted.get(i));
        }
        for (int i = 0; i < shuffled.size(); i++) {
            Fix f = shuffled.get(i);
            shuffled.set(i, f.withServerTime(SupervisionEngineTest.T0.plusSeconds(60L * i + 200)));
        }
        List<AlarmEvent> outOfOrder = run(plan, shuffled);
        assertThat(alarms(inOrder)).hasSize(1);
        assertThat(alarms(outOfOrder)).isEqualTo(alarms(inOrder));
        assertThat(outOfOrder).anyMatch(AlarmEvent::late);
        assertThat(inOrder).noneMatch(AlarmEvent::late);
    }

    @Test
    void aLateBacklogInReverseOrderStillRaisesAndClears() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(SupervisionEngineTest.home(null)).build();
        List<Fix> sorted = SupervisionEngineTest.walkOut(4, 8);
        List<Fix> reversed = new ArrayList<>();
        // the first fix live, then the rest uploaded newest first within the window
        reversed.add(sorted.get(0));
        for (int i = sorted.size() - 1; i >= 1; i--) {
            reversed.add(sorted.get(i).withServerTime(SupervisionEngineTest.T0.plusSeconds(3600)));
        }
        DeviceSupervisor sup = new DeviceSupervisor(new SupervisionEngine(), PlanTimeline.of(plan),
                Duration.ofHours(1), 100);
        List<AlarmEvent> out = new ArrayList<>();
        for (Fix f : reversed) {
            out.addAll(sup.onFix(f));
        }
        assertThat(alarms(out)).isEqualTo(alarms(run(plan, sorted)));
        assertThat(out).filteredOn(e -> e.type() == AlarmType.INCLUSION_ZONE).allMatch(AlarmEvent::late);
    }

    @Test
    void fixesOlderThanTheWindowDoNotChangeSequenceRules() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(SupervisionEngineTest.home(null)).build();
        DeviceSupervisor sup = new DeviceSupervisor(new SupervisionEngine(), PlanTimeline.of(plan),
                Duration.ofMinutes(2), 4);
        for (int i = 0; i < 20; i++) {
            sup.onFix(SupervisionEngineTest.fix(SupervisionEngineTest.T0.plusSeconds(60L * i), 0, 10));
        }
        assertThat(sup.onFix(SupervisionEngineTest.fix(SupervisionEngineTest.T0.plusSeconds(30), 900, 5))).isEmpty();
    }
}
