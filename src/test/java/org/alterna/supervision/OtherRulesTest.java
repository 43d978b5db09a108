package org.alterna.supervision;

import static org.alterna.supervision.SupervisionEngineTest.LAT;
import static org.alterna.supervision.SupervisionEngineTest.LON;
import static org.alterna.supervision.SupervisionEngineTest.M_LAT;
import static org.alterna.supervision.SupervisionEngineTest.T0;
import static org.alterna.supervision.SupervisionEngineTest.feed;
import static org.alterna.supervision.SupervisionEngineTest.fix;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Route deviation, battery critical, not charging, no valid fix and victim pre-alert. */
class OtherRulesTest {
    static final double M_LON = SupervisionEngineTest.M_LON;

    /** A fix `north` and `east` metres from the reference point. */
    static Fix at(Instant t, double north, double east, double acc) {
        return new Fix("dev", t, t, LAT + north * M_LAT, LON + east * M_LON, null, null, null, null, null, acc, true,
                Fix.PositionSource.GPS, 80, null, false, Fix.StrapState.CLOSED, Set.of(), null);
    }

    static Route northRoute(WeeklySchedule s) {
        GeometryFactory gf = new GeometryFactory();
        return new Route("to-work", gf.createLineString(new Coordinate[] {new Coordinate(LON, LAT),
            new Coordinate(LON, LAT + 3000 * M_LAT)}), 100, s);
    }

    /** Walks north along the route for 10 min, then turns east off it for `off` minutes, one fix a minute. */
    static List<Fix> deviate(int off) {
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            l.add(at(T0.plusSeconds(60L * i), 84.0 * i, 0, 8));
        }
        for (int i = 1; i <= off; i++) {
            l.add(at(T0.plusSeconds(600 + 60L * i), 840, 84.0 * i, 8));
        }
        return l;
    }

    @Test
    void leavingTheRouteCorridorRaisesRouteDeviationQuickly() {
        SupervisionPlan plan = SupervisionPlan.builder().route(northRoute(null)).build();
        List<AlarmEvent> ev = feed(plan, deviate(6));
        assertThat(ev).extracting(AlarmEvent::type).containsExactly(AlarmType.ROUTE_DEVIATION);
        AlarmEvent e = ev.get(0);
        assertThat(e.zone()).isEqualTo("to-work");
        assertThat(e.raisedAt()).isBefore(e.start().plusSeconds(151));
    }

    @Test
    void walkingAlongTheRouteRaisesNothing() {
        SupervisionPlan plan = SupervisionPlan.builder().route(northRoute(null)).build();
        assertThat(feed(plan, deviate(0))).isEmpty();
    }

    @Test
    void routeRuleOnlyAppliesInItsTimeWindow() {
        // the route applies 08:00-09:00 Lima; the walk is at 22:00 Lima
        WeeklySchedule morning = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(8, 0),
                LocalTime.of(9, 0)));
        SupervisionPlan plan = SupervisionPlan.builder().route(northRoute(morning)).build();
        assertThat(feed(plan, deviate(6))).isEmpty();
    }

    static Fix battery(Instant t, int b, boolean charging) {
        return fix(t, 0, 10, Fix.PositionSource.GPS, true, Fix.StrapState.CLOSED, b, charging);
    }

    @Test
    void batteryCriticalRaisesOnAConfirmedReadingAndClearsWhenCharging() {
        SupervisionPlan plan = SupervisionPlan.builder().criticalBatteryPercent(5).build();
        List<AlarmEvent> ev = feed(plan, List.of(battery(T0, 7, false), battery(T0.plusSeconds(300), 5, false),
                battery(T0.plusSeconds(600), 5, false), battery(T0.plusSeconds(900), 6, true)));
        assertThat(ev).extracting(AlarmEvent::type, AlarmEvent::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AlarmType.BATTERY_CRITICAL, AlarmEvent.Kind.RAISED),
                org.assertj.core.groups.Tuple.tuple(AlarmType.BATTERY_CRITICAL, AlarmEvent.Kind.CLEARED));
        assertThat(ev.get(0).start()).isEqualTo(T0.plusSeconds(300));
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void lowBatteryTwoPointsBelowTheThresholdRaisesAtOnce() {
        SupervisionPlan plan = SupervisionPlan.builder().lowBatteryPercent(15).build();
        List<AlarmEvent> ev = feed(plan, List.of(battery(T0, 20, false), battery(T0.plusSeconds(300), 13, false)));
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void oneJitteryLowReadingDoesNotRaise() {
        SupervisionPlan plan = SupervisionPlan.builder().lowBatteryPercent(15).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            l.add(battery(T0.plusSeconds(300L * i), i == 5 ? 15 : 17, false));
        }
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void notChargingDuringTheChargingWindowRaisesAfterTheGraceAndClearsWhenPluggedIn() {
        // charging window 21:30-23:30 Lima = 02:30-04:30Z; T0 = 03:00Z
        WeeklySchedule w = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(21, 30),
                LocalTime.of(23, 30)));
        SupervisionPlan plan = SupervisionPlan.builder().chargingWindow(w).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i <= 6; i++) {
            l.add(battery(T0.plusSeconds(300L * i), 60, false));
        }
        l.add(battery(T0.plusSeconds(2100), 61, true));
        List<AlarmEvent> ev = feed(plan, l);
        assertThat(ev).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED, AlarmEvent.Kind.CLEARED);
        assertThat(ev.get(0).type()).isEqualTo(AlarmType.NOT_CHARGING);
        assertThat(ev.get(0).start()).isEqualTo(T0); // counted from the first reading in the window
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(1200)); // default grace: 20 min
        assertThat(ev.get(1).end()).isEqualTo(T0.plusSeconds(2100));
    }

    @Test
    void notChargingIsCountedFromTheWindowStartWhenTheReportBeforeItShowedNoCharging() {
        // window 21:30-23:30 Lima = 02:30-04:30Z; off the charger before the window opens, plugged in at 02:55
        WeeklySchedule w = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(21, 30),
                LocalTime.of(23, 30)));
        SupervisionPlan plan = SupervisionPlan.builder().chargingWindow(w).build();
        Instant windowStart = Instant.parse("2026-03-02T02:30:00Z");
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            l.add(battery(Instant.parse("2026-03-02T02:29:34Z").plusSeconds(299L * i), 60, false));
        }
        l.add(battery(Instant.parse("2026-03-02T02:55:00Z"), 60, true));
        List<AlarmEvent> ev = feed(plan, l);
        assertThat(ev).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED, AlarmEvent.Kind.CLEARED);
        assertThat(ev.get(0).type()).isEqualTo(AlarmType.NOT_CHARGING);
        assertThat(ev.get(0).start()).isEqualTo(windowStart);
        assertThat(ev.get(0).raisedAt()).isEqualTo(Instant.parse("2026-03-02T02:54:29Z")); // first report after grace
        assertThat(ev.get(1).end()).isEqualTo(Instant.parse("2026-03-02T02:55:00Z"));

        // the same reports, but the one before the window showed charging: unplugged at 02:34:33, counted from there
        l.set(0, battery(Instant.parse("2026-03-02T02:29:34Z"), 60, true));
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void notChargingOutsideTheWindowRaisesNothing() {
        WeeklySchedule w = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(8, 0), LocalTime.of(9, 0)));
        SupervisionPlan plan = SupervisionPlan.builder().chargingWindow(w).build();
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            l.add(battery(T0.plusSeconds(300L * i), 60, false));
        }
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void noValidFixBeyondTheLimitRaisesAndAValidFixClears() {
        SupervisionPlan plan = SupervisionPlan.builder().noFixMinutes(30).build();
        List<Fix> l = new ArrayList<>();
        l.add(fix(T0, 0, 10));
        for (int i = 1; i <= 8; i++) { // LBS / invalid only, every 5 min
            l.add(fix(T0.plusSeconds(300L * i), 600, 800, Fix.PositionSource.LBS, i % 2 == 0, Fix.StrapState.CLOSED,
                    80, false));
        }
        l.add(fix(T0.plusSeconds(2700), 0, 10));
        List<AlarmEvent> ev = feed(plan, l);
        assertThat(ev).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED, AlarmEvent.Kind.CLEARED);
        assertThat(ev.get(0).type()).isEqualTo(AlarmType.NO_FIX);
        assertThat(ev.get(0).start()).isEqualTo(T0);
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(1800));
        assertThat(ev.get(1).end()).isEqualTo(T0.plusSeconds(2700));
    }

    @Test
    void noValidFixIsRaisedWhenTheLimitPassedEvenIfTheNextReportComesLater() {
        SupervisionPlan plan = SupervisionPlan.builder().noFixMinutes(30).build();
        List<Fix> l = new ArrayList<>();
        l.add(fix(T0, 0, 10));
        for (int i = 0; i <= 7; i++) { // invalid fixes every 5 min from 61 s on: the first past the limit is at 36 min
            l.add(fix(T0.plusSeconds(61 + 300L * i), 0, 10, Fix.PositionSource.GPS, false, Fix.StrapState.CLOSED, 80,
                    false));
        }
        List<AlarmEvent> ev = feed(plan, l);
        assertThat(ev).extracting(AlarmEvent::type).containsExactly(AlarmType.NO_FIX);
        assertThat(ev.get(0).start()).isEqualTo(T0);
        assertThat(ev.get(0).raisedAt()).isEqualTo(T0.plusSeconds(1800));
    }

    @Test
    void noValidFixUnderTheLimitRaisesNothing() {
        SupervisionPlan plan = SupervisionPlan.builder().noFixMinutes(30).build();
        List<Fix> l = new ArrayList<>();
        l.add(fix(T0, 0, 10));
        for (int i = 1; i <= 5; i++) {
            l.add(fix(T0.plusSeconds(300L * i), 600, 800, Fix.PositionSource.LBS, false, Fix.StrapState.CLOSED, 80,
                    false));
        }
        l.add(fix(T0.plusSeconds(1700), 0, 10));
        assertThat(feed(plan, l)).isEmpty();
    }

    @Test
    void victimPreAlertComesBeforeProximity() {
        SupervisionPlan plan = SupervisionPlan.builder().victimProximityMeters(300.0).victimPreAlertMeters(300.0)
                .build();
        SupervisionEngine e = new SupervisionEngine();
        DeviceState s = new DeviceState();
        List<AlarmEvent> ev = new ArrayList<>();
        // the victim stands 2 km north; the person walks north towards them at 1.4 m/s
        for (int i = 0; i <= 22; i++) {
            Instant t = T0.plusSeconds(60L * i);
            e.onVictimFix(s, at(t.minusSeconds(5), 2000, 0, 8));
            ev.addAll(e.onFix(s, at(t, 84.0 * i, 0, 8), plan));
        }
        assertThat(ev).extracting(AlarmEvent::type).containsExactly(AlarmType.VICTIM_PRE_ALERT,
                AlarmType.VICTIM_PROXIMITY);
        assertThat(ev.get(0).raisedAt()).isBefore(ev.get(1).raisedAt());
        // pre-alert when within 600 m (at 1400 m north), proximity within 300 m (at 1700 m north)
        assertThat(ev.get(0).start()).isBetween(T0.plusSeconds(900), T0.plusSeconds(1020));
        assertThat(ev.get(1).start()).isBetween(T0.plusSeconds(1140), T0.plusSeconds(1260));
    }
}
