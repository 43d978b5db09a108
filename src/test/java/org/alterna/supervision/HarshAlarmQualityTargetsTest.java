package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.Scorer;
import org.alterna.simulation.tracks.LimaTrackGenerator;
import org.alterna.simulation.tracks.LimaTrackGenerator.PresenceLabel;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The targets on harsh homes and for home presence, ready for the engine work and not met by today's engine (its
 * figures are in docs/alarm-quality.md, "Harsh profile"): on the harsh profile 0 false alarms, 100 % recall of
 * qualifying violations of every rule and a median zone delay <= 150 s; on the standard profile a median zone delay
 * <= 90 s; every home-presence label raised in time and none raised outside its labels. The presence alarms are
 * looked up by type name ({@link PresenceLabel#LOST}, {@link PresenceLabel#UNPOWERED}, {@link PresenceLabel#MOVED}):
 * the engine work adds them to {@link AlarmType} and feeds a scenario's home presence and home-unit reports through
 * {@link ReplayRunner#run(Scenario)}.
 */
@Disabled("Not met yet (docs/alarm-quality.md, Harsh profile): with the home's radio evidence and HDOP-derived accuracy "
        + "the harsh profile still has false INCLUSION_ZONE and ROUTE_DEVIATION alarms (mostly tags without home "
        + "equipment) and misses, the standard median zone delay is above 90 s, and some home-presence labels are "
        + "missed or raised outside them. Enable once the engine meets them; never loosen them.")
class HarshAlarmQualityTargetsTest {
    /** Median zone delay target on the harsh profile. */
    static final double HARSH_MEDIAN_S = 150;
    /** Median zone delay target on the standard profile after the engine work (today: 150 s, asserted). */
    static final double STANDARD_MEDIAN_S = 90;
    static final AlarmType[] ALL = Stream.concat(Stream.of(AlarmQualityTest.ZONES), Stream.of(AlarmQualityTest.SENSORS))
            .toArray(AlarmType[]::new);

    @Test
    void harshNoFalseAlarmsOfAnyType() {
        AlarmQualityTest.Result h = AlarmQualityTest.harsh();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : ALL) {
            soft.assertThat(h.alterna().of(t).falses).as("false harsh %s alarms", t).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void harshEveryQualifyingViolationIsDetectedInTime() {
        AlarmQualityTest.Result h = AlarmQualityTest.harsh();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : ALL) {
            soft.assertThat(h.qualifying().of(t).misses).as("missed qualifying harsh %s", t).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void harshMedianZoneDelayIsAtMost150Seconds() {
        AlarmQualityTest.Result h = AlarmQualityTest.harsh();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : AlarmQualityTest.ZONES) {
            soft.assertThat(h.qualifying().of(t).delayPercentile(0.5)).as("median harsh %s delay s", t)
                    .isLessThanOrEqualTo(HARSH_MEDIAN_S);
        }
        soft.assertAll();
    }

    @Test
    void standardMedianZoneDelayIsAtMost90Seconds() {
        AlarmQualityTest.Result r = AlarmQualityTest.asserted();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : AlarmQualityTest.ZONES) {
            soft.assertThat(r.qualifying().of(t).delayPercentile(0.5)).as("median %s delay s", t)
                    .isLessThanOrEqualTo(STANDARD_MEDIAN_S);
        }
        soft.assertAll();
    }

    @Test
    void everyHomePresenceLabelIsRaisedInTimeAndNoneOutsideThem() {
        List<String> missed = new ArrayList<>();
        List<String> falses = new ArrayList<>();
        int labels = 0;
        Set<String> kinds = Set.of(PresenceLabel.LOST, PresenceLabel.UNPOWERED, PresenceLabel.MOVED);
        for (int d = 0; d < AlarmQualityTest.DEVICES; d++) {
            long seed = AlarmQualityTest.SEED + d;
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed, AlarmQualityTest.DAYS,
                    LimaTrackGenerator.Profile.HARSH);
            if (g.homePresence() == null) {
                continue;
            }
            List<ReplayAlarm> alarms = new Scenario(g.name(), g.plan(), g.fixes(),
                    g.victimFixes(), g.homePresence(), g.homeUnitFixes()).replay().stream()
                    .filter(a -> kinds.contains(a.type().name())).toList();
            Instant end = ReplayCommand.end(g.fixes());
            for (PresenceLabel v : g.presenceViolations()) {
                labels++;
                Instant deadline = v.start().plus(PresenceLabel.allowedDelay(v.type(), g.homePresence().lostMinutes()));
                boolean found = alarms.stream().anyMatch(a -> a.type().name().equals(v.type()) && overlaps(a, v, end)
                        && !a.raisedAt().isAfter(deadline));
                if (!found) {
                    missed.add("seed " + seed + ": " + v);
                }
            }
            for (ReplayAlarm a : alarms) {
                boolean covered = Stream.concat(g.presenceViolations().stream(), g.presenceDontCare().stream())
                        .anyMatch(v -> a.type().name().equals(v.type()) && overlaps(a, v, end));
                if (!covered) {
                    falses.add("seed " + seed + ": " + a.toJson());
                }
            }
        }
        assertThat(labels).isPositive();
        assertThat(missed).as("missed home-presence labels").isEmpty();
        assertThat(falses).as("home-presence alarms outside every label").isEmpty();
    }

    static boolean overlaps(ReplayAlarm a, PresenceLabel v, Instant inputEnd) {
        Duration slack = Scorer.SLACK;
        Instant aEnd = a.end() == null ? (inputEnd.isAfter(a.start()) ? inputEnd : a.start()) : a.end();
        return !a.start().isAfter(v.end().plus(slack)) && !aEnd.isBefore(v.start().minus(slack));
    }
}
