package org.alterna.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.alterna.orders.OrderStatus;
import org.junit.jupiter.api.Test;

/**
 * The figures from positions and from the unit's messages without a position (device events) merged in device time:
 * a strap cut reported only in a heartbeat, a cut of main power, a low-battery flag without a level, and heartbeats
 * counting as communication.
 */
class ComplianceFiguresTest {
    static final Instant T0 = Instant.parse("2026-03-01T05:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    static CaseRecords.FixRow fix(int minute, String strap, String alarms) {
        Instant t = T0.plusSeconds(60L * minute);
        return new CaseRecords.FixRow("tag", t, t.plusSeconds(2), -12.12, -77.03, 8.0, "GPS", true, 80, false, false,
                strap, alarms);
    }

    static CaseRecords.StatusRow heartbeat(int second, Integer battery, Boolean charging, String alarms) {
        Instant t = T0.plusSeconds(second);
        return new CaseRecords.StatusRow("tag", t, t.plusSeconds(1), battery, charging, null, null, alarms);
    }

    static CaseRecords.Case activeHour() {
        return new CaseRecords.Case(null, "court", "district", List.of(), List.of(new CaseRecords.Transition(null,
                OrderStatus.ACTIVE, T0, "operator", null, null, null)), List.of(), List.of(), List.of(), List.of(),
                List.of(), T0, T0.plus(HOUR));
    }

    @Test
    void aStrapCutAndAPowerCutReportedInHeartbeatsAreCountedAndEndedByTheNextPositions() {
        ComplianceFigures f = new ComplianceFigures(15);
        for (int m = 0; m < 60; m++) {
            if (m == 30) {
                f.accept(heartbeat(29 * 60 + 20, null, null, "TAMPER"));
            }
            if (m == 41) {
                f.accept(heartbeat(40 * 60 + 20, null, null, "POWER_CUT"));
            }
            f.accept(fix(m, "CLOSED", null));
        }
        ComplianceFigures.Figures figures = f.finish(activeHour(), T0.plus(HOUR.multipliedBy(2)), 30, 60);
        assertThat(figures.strapOpenings()).isEqualTo(1);
        assertThat(figures.powerCuts()).isEqualTo(1);
        assertThat(figures.fixes()).as("a message without a position is not a position").isEqualTo(60);
        assertThat(f.deviceEvents()).extracting(e -> e.event() + "@" + e.time() + "=" + e.value()).containsSubsequence(
                "STRAP_OPEN@" + T0.plusSeconds(29 * 60 + 20) + "=TAMPER",
                "STRAP_CLOSED@" + T0.plusSeconds(30 * 60) + "=null",
                "POWER_CUT@" + T0.plusSeconds(40 * 60 + 20) + "=null",
                "POWER_RESTORED@" + T0.plusSeconds(41 * 60) + "=null");
    }

    @Test
    void positionsAloneSayNothingOfAStrapCutTheyDoNotCarry() {
        ComplianceFigures f = new ComplianceFigures(15);
        for (int m = 0; m < 60; m++) {
            f.accept(fix(m, "CLOSED", null));
        }
        ComplianceFigures.Figures figures = f.finish(activeHour(), T0.plus(HOUR.multipliedBy(2)), 30, 60);
        assertThat(figures.strapOpenings()).isZero();
        assertThat(figures.powerCuts()).isZero();
        // a position with the tamper flag is an opening too, as the engine judges it
        ComplianceFigures flagged = new ComplianceFigures(15);
        flagged.accept(fix(0, "CLOSED", null));
        flagged.accept(fix(1, null, "TAMPER"));
        flagged.accept(fix(2, null, "TAMPER"));
        flagged.accept(fix(3, "CLOSED", null));
        assertThat(flagged.finish(activeHour(), T0.plus(HOUR), 30, 60).strapOpenings()).isEqualTo(1);
    }

    @Test
    void aLowBatteryFlagWithoutALevelIsAnEpisodeUntilTheUnitIsPowered() {
        ComplianceFigures f = new ComplianceFigures(15);
        f.accept(heartbeat(60, null, false, "LOW_BATTERY"));
        f.accept(heartbeat(120, null, false, "LOW_BATTERY"));
        f.accept(heartbeat(180, null, true, null));
        f.accept(heartbeat(240, null, false, "LOW_BATTERY"));
        ComplianceFigures.Figures figures = f.finish(activeHour(), T0.plus(HOUR), 30, 60);
        assertThat(figures.lowBatteryEpisodes()).isEqualTo(2);
        assertThat(figures.chargingSessions()).isEqualTo(1);
    }

    @Test
    void heartbeatsAreCommunication() {
        ComplianceFigures silent = new ComplianceFigures(15);
        silent.accept(fix(0, "CLOSED", null));
        silent.accept(fix(59, "CLOSED", null));
        assertThat(silent.finish(activeHour(), T0.plus(HOUR), 30, 60).communicationGaps().count()).isEqualTo(1);

        ComplianceFigures heard = new ComplianceFigures(15);
        heard.accept(fix(0, "CLOSED", null));
        for (int m = 10; m < 59; m += 10) {
            heard.accept(heartbeat(m * 60, 70, false, null));
        }
        heard.accept(fix(59, "CLOSED", null));
        ComplianceFigures.Figures figures = heard.finish(activeHour(), T0.plus(HOUR), 30, 30);
        assertThat(figures.communicationGaps().count()).isZero();
        assertThat(figures.noFixGaps().count()).as("a heartbeat is no GPS position").isEqualTo(1);
        assertThat(figures.minBattery()).isEqualTo(70);
    }
}
