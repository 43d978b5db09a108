package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import picocli.CommandLine;

class SupervisionEngineTest {
    static final double LAT = -12.1211;
    static final double LON = -77.0301;
    static final double M_LAT = 1 / 110_574.0;
    static final double M_LON = 1 / (111_320.0 * Math.cos(Math.toRadians(LAT)));
    static final Instant T0 = Instant.parse("2026-03-02T03:00:00Z"); // 22:00 Lima

    static Zone home(WeeklySchedule s) {
        return new Zone("home", ZoneType.INCLUSION, new GeometryFactory().createPoint(new Coordinate(LON, LAT)), 100.0, s);
    }

    static Fix fix(Instant t, double northMeters, double acc) {
        return fix(t, northMeters, acc, Fix.PositionSource.GPS, true, Fix.StrapState.CLOSED, 80, false);
    }

    static Fix fix(Instant t, double north, double acc, Fix.PositionSource src, boolean valid, Fix.StrapState strap,
            int battery, boolean charging) {
        return new Fix("dev", t, t, LAT + north * M_LAT, LON, null, null, null, null, null, acc, valid, src, battery,
                null, charging, strap, Set.of(), null);
    }

    static List<AlarmEvent> feed(SupervisionPlan plan, List<Fix> fixes) {
        SupervisionEngine e = new SupervisionEngine();
        DeviceState s = new DeviceState();
        List<AlarmEvent> out = new ArrayList<>();
        for (Fix f : fixes) {
            out.addAll(e.onFix(s, f, plan));
        }
        return out;
    }

    /** Walks out north at 1.4 m/s from the centre, one fix a minute, for `minutes`, then walks back. */
    static List<Fix> walkOut(int minutes, double acc) {
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            l.add(fix(T0.plusSeconds(60L * i), 0, 10));
        }
        for (int i = 1; i <= minutes; i++) {
            l.add(fix(T0.plusSeconds(240 + 60L * i), 84.0 * i, acc));
        }
        for (int i = 1; i <= minutes; i++) {
            l.add(fix(T0.plusSeconds(240 + 60L * minutes + 60L * i), 84.0 * (minutes - i), acc));
        }
        for (int i = 1; i <= 5; i++) {
            l.add(fix(T0.plusSeconds(240 + 120L * minutes + 60L * i), 0, 10));
        }
        return l;
    }

    /**
     * A tag at home that reports every 15 s without an accuracy (as GT06 and H02 tags do): two multipath bursts in a
     * row in different directions, the return from the first one and the jump to the second lining up like a walk,
     * must not raise (a demo fleet's track that a motion sampler once mistook for a path).
     */
    @Test
    void twoBurstsInARowFromAFastTagWithoutAccuracyAreNotAWalk() {
        SupervisionPlan plan = SupervisionPlan.builder()
                .zone(new Zone("home", ZoneType.INCLUSION, new GeometryFactory().createPoint(new Coordinate(LON, LAT)),
                        89.0, null))
                .build();
        double[][] track = {{0, 0}, {3, -12}, {5, 4}, {8, 12}, {-15, 8}, {5, 19}, {15, 1}, {11, 25}, {207, -188},
            {208, -189}, {-1, 9}, {15, 10}, {30, 8}, {-74, 237}, {-103, 223}, {-81, 223}, {-14, 6}, {-19, 8}, {14, 6},
            {2, -3}, {-6, 4}};
        List<Fix> fixes = new ArrayList<>();
        for (int i = 0; i < track.length; i++) {
            Instant t = T0.plusSeconds(15L * i);
            fixes.add(new Fix("dev", t, t, LAT + track[i][1] * M_LAT, LON + track[i][0] * M_LON, null, null, null, null,
                    null, null, true, Fix.PositionSource.GPS, 80, null, false, Fix.StrapState.CLOSED, Set.of(), null));
        }
        assertThat(feed(plan, fixes)).isEmpty();
    }

    /**
     * Heap per device: an idle zone track keeps no run state (only its last fixes, in the device state's arrays); a run
     * beyond the boundary makes one, dropped once the person has been back for {@link ZoneEvidence.Thresholds#keepMs}.
     */
    @Test
    void runStateOnlyWhileBeyondTheBoundary() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> fixes = new ArrayList<>(walkOut(8, 8));
        Instant back = fixes.get(fixes.size() - 1).deviceTime();
        for (int i = 1; i <= 15; i++) {
            fixes.add(fix(back.plusSeconds(60L * i), 0, 10));
        }
        SupervisionEngine e = new SupervisionEngine();
        DeviceState s = new DeviceState();
        List<AlarmEvent> out = new ArrayList<>();
        boolean confirmed = false;
        for (int i = 0; i < fixes.size(); i++) {
            Fix f = fixes.get(i);
            out.addAll(e.onFix(s, f, plan));
            if (i < 5) {
                assertThat(s.tracks[0]).as("at home, fix %d", i).isNull();
            }
            confirmed |= s.confirmed(0);
            long sinceBeyond = f.deviceTime().toEpochMilli() - s.lastBeyond[0];
            if (s.lastBeyond[0] != Track.NONE && sinceBeyond < ZoneEvidence.Thresholds.STANDARD.keepMs()) {
                assertThat(s.tracks[0]).as("fix %d", i).isNotNull();
            }
        }
        assertThat(confirmed).isTrue();
        assertThat(out).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED, AlarmEvent.Kind.CLEARED);
        assertThat(s.tracks[0]).isNull();
        assertThat(s.lastCompliant[0]).isEqualTo(back.plusSeconds(60L * 15).toEpochMilli());
        assertThat(s.copy().tracks[0]).isNull();
    }

    @Test
    void realWalkOutIsRaisedQuicklyWithInterpolatedStartAndCleared() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<AlarmEvent> ev = feed(plan, walkOut(8, 8));
        assertThat(ev).hasSize(2);
        AlarmEvent raised = ev.get(0);
        assertThat(raised.kind()).isEqualTo(AlarmEvent.Kind.RAISED);
        assertThat(raised.type()).isEqualTo(AlarmType.INCLUSION_ZONE);
        // boundary at 100 m is crossed between 0 m (4:00) and 84 m? no: 84 m is inside, 168 m outside (6:00)
        assertThat(raised.start()).isBetween(T0.plusSeconds(300), T0.plusSeconds(360));
        assertThat(Duration.between(raised.start(), raised.raisedAt())).isLessThanOrEqualTo(Duration.ofSeconds(150));
        assertThat(ev.get(1).kind()).isEqualTo(AlarmEvent.Kind.CLEARED);
        assertThat(ev.get(1).alarmId()).isEqualTo(raised.alarmId());
    }

    @Test
    void multipathBurstFromRestIsIgnored() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            l.add(fix(T0.plusSeconds(60L * i), 0, 15));
        }
        for (int i = 0; i < 4; i++) { // 4 fixes 250 m off with optimistic accuracy
            l.add(fix(T0.plusSeconds(600 + 60L * i), 250 + (i % 2) * 10, 15));
        }
        for (int i = 0; i < 10; i++) {
            l.add(fix(T0.plusSeconds(840 + 60L * i), 0, 15));
        }
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void multipathBurstsOnEitherSideOfTheRestingPlaceAreNotAWalkThroughIt() {
        // at rest at the centre; a burst 170 m north, back, then a burst 170 m south at the same pace: the jumps line up
        // like a walk heading south, but the person never headed out (the path ran through the resting place)
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        double[] north = {0, 0, 0, 170, 172, 0, -170, -174, 0, 0, 0};
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < north.length; i++) {
            l.add(fix(T0.plusSeconds(60L * i), north[i], 15));
        }
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void aBurstAtTheDestinationDoesNotRestartItsCount() {
        // out at 280 m north (180 m beyond, after a gap: no path), a 3-fix burst 120 m further, then back at 280 m: the
        // place's fixes keep counting, so four of them over 6 minutes confirm at the burst's end plus two fixes
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            l.add(fix(T0.plusSeconds(300L * i), 0, 15));
        }
        double[] north = {280, 282, 400, 405, 398, 278, 281, 279};
        double[] acc = {15, 15, 60, 60, 60, 15, 15, 15};
        Instant out = T0.plusSeconds(1200);
        for (int i = 0; i < north.length; i++) {
            l.add(fix(out.plusSeconds(60L * i), north[i], acc[i]));
        }
        List<AlarmEvent> ev = feed(plan, l);
        assertThat(ev).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED);
        assertThat(ev.get(0).raisedAt()).isEqualTo(out.plusSeconds(360));
    }

    @Test
    void twoFixesBeyondMultipathsReachAMinuteApartConfirmWithoutStayingTogether() {
        // after a gap, 400 m and then 520 m beyond (moving on, not a cluster), 58 s apart (reporting jitter)
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        Instant out = T0.plusSeconds(600);
        List<AlarmEvent> ev = feed(plan, List.of(fix(T0, 0, 10), fix(T0.plusSeconds(300), 0, 10), fix(out, 500, 10),
                fix(out.plusSeconds(58), 620, 12)));
        assertThat(ev).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED);
        assertThat(ev.get(0).raisedAt()).isEqualTo(out.plusSeconds(58));
    }

    @Test
    void lbsAndInvalidPositionsNeverProveABreach() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            l.add(fix(T0.plusSeconds(60L * i), 800, 500, Fix.PositionSource.LBS, i % 2 == 0, Fix.StrapState.CLOSED, 80,
                    false));
        }
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void pointOutsideByLessThanItsAccuracyDoesNotCount() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            l.add(fix(T0.plusSeconds(60L * i), 160, 80));
        }
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void curfewWrappingMidnightBelongsToTheDayItStarts() {
        WeeklySchedule s = WeeklySchedule.of(new WeeklySchedule.Entry(EnumSet.of(DayOfWeek.MONDAY),
                LocalTime.of(20, 0), LocalTime.of(6, 0)));
        // Monday 2026-03-02 23:00 Lima = 03-03 04:00Z; Tuesday 05:00 Lima = 10:00Z; Tuesday 23:00 Lima inactive
        assertThat(s.isActive(Instant.parse("2026-03-03T04:00:00Z"), SupervisionPlan.LIMA)).isTrue();
        assertThat(s.isActive(Instant.parse("2026-03-03T10:00:00Z"), SupervisionPlan.LIMA)).isTrue();
        assertThat(s.isActive(Instant.parse("2026-03-03T11:00:00Z"), SupervisionPlan.LIMA)).isFalse();
        assertThat(s.isActive(Instant.parse("2026-03-04T04:00:00Z"), SupervisionPlan.LIMA)).isFalse();
        assertThat(s.isActive(Instant.parse("2026-03-02T01:00:00Z"), SupervisionPlan.LIMA)).isFalse(); // Sun 20:00
    }

    @Test
    void breachBeforeCurfewStartsAtCurfewStart() {
        WeeklySchedule s = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(22, 10), LocalTime.of(6, 0)));
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(s)).build();
        List<AlarmEvent> ev = feed(plan, walkOut(20, 8));
        assertThat(ev.get(0).start()).isEqualTo(Instant.parse("2026-03-02T03:10:00Z"));
    }

    @Test
    void strapTamperRaisedAtOnceAndClearedWhenClosed() {
        SupervisionPlan plan = SupervisionPlan.builder().build();
        List<AlarmEvent> ev = feed(plan, List.of(
                fix(T0, 0, 10),
                fix(T0.plusSeconds(60), 0, 10, Fix.PositionSource.GPS, true, Fix.StrapState.OPEN, 80, false),
                fix(T0.plusSeconds(600), 0, 10, Fix.PositionSource.GPS, true, Fix.StrapState.CLOSED, 80, false)));
        assertThat(ev).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED, AlarmEvent.Kind.CLEARED);
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(ev.get(1).end()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void silenceIsRaisedByATickAtTheLimit() {
        SupervisionPlan plan = SupervisionPlan.builder().noCommunicationMinutes(30).build();
        SupervisionEngine e = new SupervisionEngine();
        DeviceState s = new DeviceState();
        e.onFix(s, fix(T0, 0, 10), plan);
        assertThat(e.tick(s, T0.plusSeconds(29 * 60), plan)).isEmpty();
        List<AlarmEvent> ev = e.tick(s, T0.plusSeconds(31 * 60), plan);
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).type()).isEqualTo(AlarmType.NO_COMMUNICATION);
        assertThat(ev.get(0).start()).isEqualTo(T0);
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(1800));
        List<AlarmEvent> back = e.onFix(s, fix(T0.plusSeconds(3600), 0, 10), plan);
        assertThat(back).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.CLEARED);
    }

    @Test
    void lateFixesRaiseAlarmsMarkedLate() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null)).build();
        List<Fix> l = new ArrayList<>();
        for (Fix f : walkOut(8, 8)) {
            l.add(f.withServerTime(f.deviceTime().plusSeconds(3600)));
        }
        List<AlarmEvent> ev = feed(plan, l);
        assertThat(ev.get(0).late()).isTrue();
    }

    @Test
    void suspensionBlocksTheAlarmType() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null))
                .suspension(new Suspension(T0, T0.plusSeconds(7200), Set.of(AlarmType.INCLUSION_ZONE))).build();
        assertThat(feed(plan, walkOut(8, 8))).isEmpty();
    }

    @Test
    void gracePeriodDelaysRaising() {
        SupervisionPlan plan = SupervisionPlan.builder().zone(home(null))
                .grace(AlarmType.INCLUSION_ZONE, Duration.ofMinutes(5)).build();
        List<AlarmEvent> ev = feed(plan, walkOut(10, 8));
        assertThat(Duration.between(ev.get(0).start(), ev.get(0).raisedAt())).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void breachIsJudgedAgainstThePlanInForce() {
        SupervisionPlan none = SupervisionPlan.builder().build();
        SupervisionPlan withZone = SupervisionPlan.builder().zone(home(null)).build();
        PlanTimeline timeline = PlanTimeline.of(none).with(T0.plusSeconds(3600), withZone);
        SupervisionEngine e = new SupervisionEngine();
        DeviceState s = new DeviceState();
        List<AlarmEvent> ev = new ArrayList<>();
        for (Fix f : walkOut(8, 8)) {
            ev.addAll(e.onFix(s, f, timeline));
        }
        assertThat(ev).isEmpty();
        assertThat(timeline.planAt(T0.plusSeconds(4000))).isSameAs(withZone);
    }

    @Test
    void replayRejectsBadInputNamingThePath(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, """
                {"timezone":"America/Lima","supervision":{"zones":[]},
                 "fixes":[{"time":"2026-03-02T01:00:00Z","lat":-12.1,"lon":-77.0},
                          {"time":"2026-03-02T01:01:00Z","lat":-95,"lon":-77.0}]}""");
        assertThat(replay(f)).startsWith("2|").contains("fixes[1].lat: must be between -90 and 90");
        Files.writeString(f, "{\"supervision\":{\"zones\":[{\"id\":\"a\",\"type\":\"INCLUSION\",\"geometry\":"
                + "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]},\"fixes\":[]}");
        assertThat(replay(f)).startsWith("2|").contains("supervision.zones[0].geometry: polygon is self-intersecting");
        Files.writeString(f, "{\"supervision\":{\"zones\":[{\"id\":\"a\",\"type\":\"INCLUSION\",\"geometry\":"
                + "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1]]]}}]},\"fixes\":[]}");
        assertThat(replay(f)).contains("not closed");
        Files.writeString(f, "{\"supervision\":{\"zones\":[{\"id\":\"a\",\"type\":\"NEAR\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[0,0]},\"radiusMeters\":5}]},\"fixes\":[]}");
        assertThat(replay(f)).contains("supervision.zones[0].type: unknown value 'NEAR'");
        Files.writeString(f, "{\"supervision\":{\"zones\":[{\"id\":\"a\",\"type\":\"INCLUSION\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[0,0]},\"radiusMeters\":5,\"schedule\":[{\"from\":\"25:00\","
                + "\"to\":\"06:00\"}]}]},\"fixes\":[]}");
        assertThat(replay(f)).contains("supervision.zones[0].schedule[0].from");
        Files.writeString(f, "{\"supervision\": {,}");
        assertThat(replay(f)).contains("line 1, column");
        assertThat(replay(dir.resolve("missing.json"))).startsWith("2|").contains("no such file");
    }

    @Test
    void replayPrintsJsonLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.json");
        StringBuilder fixes = new StringBuilder();
        for (Fix x : walkOut(8, 8)) {
            if (fixes.length() > 0) {
                fixes.append(',');
            }
            fixes.append("{\"time\":\"").append(x.deviceTime()).append("\",\"lat\":").append(x.latitude())
                    .append(",\"lon\":").append(x.longitude()).append(",\"accuracy\":8}");
        }
        Files.writeString(f, "{\"supervision\":{\"zones\":[{\"id\":\"home\",\"type\":\"INCLUSION\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[" + LON + "," + LAT + "]},\"radiusMeters\":100}]},\"fixes\":["
                + fixes + "]}");
        String out = replay(f);
        assertThat(out).startsWith("0|{\"type\":\"INCLUSION_ZONE\",\"zone\":\"home\",\"start\":\"2026-03-02T03:0");
    }

    static String replay(Path f) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplayCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(f.toString());
        return code + "|" + out + err;
    }

    static PrintStream unused() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
