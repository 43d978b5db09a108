package org.alterna.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's people who leave home in turn: one breach after another, each long and far enough to be an alarm. */
class DemoIncidentsTest {
    private static final Instant ORIGIN = Instant.parse("2026-11-29T05:00:00Z");
    private static final Duration CYCLE = Duration.ofMinutes(24);

    private final List<Person> people = DemoIncidents.people(2026, 6);
    private final DemoIncidents incidents = new DemoIncidents(people, CYCLE, Duration.ofSeconds(15), "127.0.0.1", 1,
            ORIGIN, 1);

    @Test
    void peopleAreUnderHouseArrestSoTheirHomeIsAnInclusionZoneAllDay() {
        assertThat(people).hasSize(6).allMatch(p -> p.houseArrest).extracting(p -> p.index).doesNotHaveDuplicates()
                .allMatch(i -> i >= DemoIncidents.BASE);
    }

    @Test
    void eachPersonLeavesOncePerCycleInTurnFarBeyondTheirHomeAndComesBack() {
        List<Long> departures = new ArrayList<>();
        for (int k = 0; k < people.size(); k++) {
            List<Long> leaves = new ArrayList<>();
            long awayFor = 0;
            double farthest = 0;
            // a full cycle after the first (the last people's outings wrap past the end of the first one)
            boolean wasHome = Math.hypot(incidents.offset(k, ORIGIN.plus(CYCLE).minusSeconds(5))[0],
                    incidents.offset(k, ORIGIN.plus(CYCLE).minusSeconds(5))[1]) == 0;
            for (long s = CYCLE.toSeconds(); s < 2 * CYCLE.toSeconds(); s += 5) {
                double[] at = incidents.offset(k, ORIGIN.plusSeconds(s));
                double d = Math.hypot(at[0], at[1]);
                boolean home = d == 0;
                if (wasHome && !home) {
                    leaves.add(s - CYCLE.toSeconds());
                }
                if (!home) {
                    awayFor += 5;
                }
                farthest = Math.max(farthest, d);
                wasHome = home;
            }
            assertThat(leaves).as("one outing per cycle").hasSize(1);
            departures.add(leaves.get(0));
            // out long and far enough to be a breach the engine must report (≥ 5 min, ≥ 150 m beyond the zone)
            assertThat(awayFor).isBetween(DemoIncidents.awaySeconds() - 10, DemoIncidents.awaySeconds() + 10);
            assertThat(awayFor).isGreaterThanOrEqualTo(300);
            assertThat(farthest - people.get(k).homeRadius).isGreaterThanOrEqualTo(150);
        }
        // the first leaves right after start, then one every cycle / people
        for (int k = 0; k < departures.size(); k++) {
            assertThat(departures.get(k)).isBetween(15 + k * 240L, 20 + k * 240L);
        }
        // nobody is out at the very start: the first alarm is the first person's
        for (int k = 1; k < people.size(); k++) {
            double[] at = incidents.offset(k, ORIGIN);
            assertThat(Math.hypot(at[0], at[1])).as("person " + k + " at start").isZero();
        }
    }

    @Test
    void walkingSpeedIsReportedOnlyWhileWalking() {
        double[] leaving = incidents.offset(0, ORIGIN.plusSeconds(60));
        assertThat(leaving[2]).isEqualTo(DemoIncidents.WALK_SPEED);
        double[] outThere = incidents.offset(0, ORIGIN.plusSeconds(15 + 346 + 30));
        assertThat(Math.hypot(outThere[0], outThere[1])).isEqualTo(DemoIncidents.AWAY_METERS);
        assertThat(outThere[2]).isZero();
    }
}
