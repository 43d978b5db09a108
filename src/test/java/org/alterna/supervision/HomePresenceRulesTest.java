package org.alterna.supervision;

import static org.alterna.supervision.SupervisionEngineTest.LAT;
import static org.alterna.supervision.SupervisionEngineTest.LON;
import static org.alterna.supervision.SupervisionEngineTest.M_LAT;
import static org.alterna.supervision.SupervisionEngineTest.M_LON;
import static org.alterna.supervision.SupervisionEngineTest.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

/**
 * Tags that say HDOP or satellites instead of an accuracy, and the home's radio evidence of presence: a BLE beacon
 * the tag hears, an RF home unit that hears the tag.
 */
class HomePresenceRulesTest {
    static final String BEACON = "ibeacon:0123456789abcdef0123456789abcdef:1:2";
    static final HomePresence BLE = new HomePresence(HomePresence.Kind.BLE_BEACON, BEACON, LAT, LON, 15, "home");
    static final HomePresence UNIT = new HomePresence(HomePresence.Kind.RF_HOME_UNIT, null, LAT, LON, 15, "home");

    static SupervisionPlan plan(HomePresence home) {
        return SupervisionPlan.builder().zone(SupervisionEngineTest.home(WeeklySchedule.always())).homePresence(home)
                .build();
    }

    static Fix tag(Instant t, double north, Double acc, Double hdop, Integer satellites, boolean hearsBeacon) {
        return new Fix("tag", t, t, LAT + north * M_LAT, LON, null, null, null, satellites, hdop, acc, true,
                Fix.PositionSource.GPS, 80, null, false, Fix.StrapState.CLOSED, Set.of(),
                hearsBeacon ? Map.of(HomePresence.BEACON_ID_IO, BEACON, HomePresence.BEACON_RSSI_IO, -62L) : null);
    }

    static Fix tag(Instant t, double north, boolean hearsBeacon) {
        return tag(t, north, 10.0, null, null, hearsBeacon);
    }

    static Fix unit(Instant t, double eastMeters, boolean tagInRange, boolean mains) {
        return new Fix("unit", t, t, LAT, LON + eastMeters * M_LON, null, null, null, null, null, 40.0, true,
                Fix.PositionSource.WIFI, 100, true, mains, null, Set.of(), Map.of(HomePresence.UNIT_TAG_IN_RANGE_IO,
                        tagInRange, HomePresence.UNIT_MAINS_IO, mains, HomePresence.UNIT_TILT_IO, false));
    }

    static List<AlarmEvent> feed(SupervisionPlan plan, List<Fix> tagFixes, List<Fix> unitReports) {
        return new ReplayRunner().run(plan, tagFixes, List.of(), unitReports, null).stream()
                .map(a -> new AlarmEvent(a.end() == null ? AlarmEvent.Kind.RAISED : AlarmEvent.Kind.CLEARED,
                        AlarmEvent.idOf(a.type(), a.zone(), a.start()), "tag", a.type(), a.zone(), a.start(),
                        a.end(), a.raisedAt(), a.late(), List.of()))
                .toList();
    }

    static List<AlarmEvent> of(List<AlarmEvent> events, AlarmType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Walks out north at 1.4 m/s one fix a minute for 8 minutes, each fix's quality as {@code quality} says. */
    static Instant raisedWalkingOut(java.util.function.BiFunction<Instant, Double, Fix> quality) {
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            l.add(quality.apply(T0.plusSeconds(60L * i), 0.0));
        }
        for (int i = 1; i <= 8; i++) {
            l.add(quality.apply(T0.plusSeconds(240 + 60L * i), 84.0 * i));
        }
        List<AlarmEvent> raised = of(feed(plan(null), l, List.of()), AlarmType.INCLUSION_ZONE);
        return raised.isEmpty() ? null : raised.get(0).raisedAt();
    }

    @Test
    void aTagReportingHdopIsConfirmedAsFastAsOneReportingItsAccuracy() {
        Instant accuracy = raisedWalkingOut((t, n) -> tag(t, n, 10.0, null, 9, false));
        Instant hdop = raisedWalkingOut((t, n) -> tag(t, n, null, 2.0, 9, false)); // 2 x 5 m
        Instant satellites = raisedWalkingOut((t, n) -> tag(t, n, null, null, 10, false));
        Instant nothing = raisedWalkingOut((t, n) -> tag(t, n, null, null, null, false));
        assertThat(accuracy).isNotNull();
        assertThat(hdop).isEqualTo(accuracy);
        assertThat(satellites).isEqualTo(accuracy);
        assertThat(nothing).isNotNull().isAfter(accuracy);
    }

    @Test
    void theAccuracyEstimateFollowsHdopAndTheSatellitesInUse() {
        assertThat(SupervisionEngine.accuracy(tag(T0, 0, 12.0, 4.0, 5, false))).isEqualTo(12.0);
        assertThat(SupervisionEngine.accuracy(tag(T0, 0, null, 4.0, 5, false))).isEqualTo(20.0);
        assertThat(SupervisionEngine.accuracy(tag(T0, 0, null, null, 10, false))).isEqualTo(15.0);
        assertThat(SupervisionEngine.accuracy(tag(T0, 0, null, null, 5, false))).isEqualTo(50.0);
        assertThat(SupervisionEngine.accuracy(tag(T0, 0, null, null, null, false))).isEqualTo(30.0);
    }

    /** At home, then three precise fixes 450 m away a minute apart (multipath), then home again. */
    static List<Fix> multipathBurst(boolean hearsBeacon) {
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 0, true));
        }
        for (int i = 5; i < 8; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 450, hearsBeacon));
        }
        for (int i = 8; i < 14; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 0, true));
        }
        return l;
    }

    @Test
    void whileTheTagHearsTheHomeBeaconThePersonIsHomeWhateverTheGpsSays() {
        assertThat(of(feed(plan(null), multipathBurst(true), List.of()), AlarmType.INCLUSION_ZONE))
                .as("without the beacon the burst is a breach").isNotEmpty();
        List<AlarmEvent> events = feed(plan(BLE), multipathBurst(true), List.of());
        assertThat(events).isEmpty();
    }

    @Test
    void aBeaconCarriedAlongDoesNotHideTheBreach() {
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 0, true));
        }
        for (int i = 5; i < 20; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 800, true)); // at a bar 800 m away, the beacon in a pocket
        }
        List<AlarmEvent> events = feed(plan(BLE), l, List.of());
        assertThat(of(events, AlarmType.HOME_UNIT_MOVED)).hasSize(1);
        assertThat(of(events, AlarmType.INCLUSION_ZONE)).hasSize(1);
        assertThat(of(events, AlarmType.INCLUSION_ZONE).get(0).raisedAt()).isBefore(T0.plusSeconds(60 * 15));
    }

    @Test
    void theBeaconNotHeardDuringTheCurfewRaisesPresenceLostAtTheLimitAndHearingItClearsIt() {
        List<Fix> l = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 0, true));
        }
        for (int i = 5; i < 25; i++) {
            l.add(tag(T0.plusSeconds(60L * i), 0, false)); // the beacon unplugged: GPS says home
        }
        l.add(tag(T0.plusSeconds(60L * 25), 0, true));
        List<AlarmEvent> lost = of(feed(plan(BLE), l, List.of()), AlarmType.HOME_PRESENCE_LOST);
        assertThat(lost).hasSize(1);
        assertThat(lost.get(0).start()).isEqualTo(T0.plusSeconds(60 * 4));
        assertThat(lost.get(0).raisedAt()).isEqualTo(T0.plusSeconds(60 * 4).plus(Duration.ofMinutes(15)));
        assertThat(lost.get(0).end()).isEqualTo(T0.plusSeconds(60 * 25));
        assertThat(of(feed(plan(BLE), l, List.of()), AlarmType.INCLUSION_ZONE)).isEmpty();
        // a neighbour's beacon is not the home's
        List<Fix> other = l.stream().map(f -> f.io().isEmpty() ? new Fix(f.deviceId(), f.deviceTime(), f.serverTime(),
                f.latitude(), f.longitude(), null, null, null, null, null, f.accuracyMeters(), true, f.source(), 80,
                null, false, Fix.StrapState.CLOSED, Set.of(), Map.of(HomePresence.BEACON_ID_IO,
                        "eddystone:00112233445566778899:aabbccddeeff")) : f).toList();
        assertThat(of(feed(plan(BLE), other, List.of()), AlarmType.HOME_PRESENCE_LOST)).hasSize(1);
    }

    @Test
    void theHomeUnitReportsItsPowerItsPlaceAndWhetherItHearsTheTag() {
        List<Fix> tagFixes = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            tagFixes.add(tag(T0.plusSeconds(60L * i), 0, false));
        }
        List<Fix> reports = new ArrayList<>();
        reports.add(unit(T0, 0, true, true));
        reports.add(unit(T0.plusSeconds(120), 0, true, false)); // unplugged
        reports.add(unit(T0.plusSeconds(300), 0, true, false));
        reports.add(unit(T0.plusSeconds(600), 0, true, false));
        reports.add(unit(T0.plusSeconds(700), 0, true, true)); // plugged in again
        reports.add(unit(T0.plusSeconds(900), 1500, true, true)); // taken to another address, with the tag
        reports.add(unit(T0.plusSeconds(1200), 1500, true, true));
        reports.add(unit(T0.plusSeconds(1500), 1500, true, true));
        reports.add(unit(T0.plusSeconds(1800), 1500, true, true));
        reports.add(unit(T0.plusSeconds(2100), 1500, true, true));
        reports.add(unit(T0.plusSeconds(2400), 0, true, true)); // back
        reports.add(unit(T0.plusSeconds(2700), 0, true, true));
        reports.add(unit(T0.plusSeconds(2800), 0, false, true)); // the tag out of its hearing
        reports.add(unit(T0.plusSeconds(3100), 0, false, true));
        reports.add(unit(T0.plusSeconds(3400), 0, false, true));
        List<AlarmEvent> events = feed(plan(UNIT), tagFixes, reports);
        List<AlarmEvent> unpowered = of(events, AlarmType.HOME_UNIT_UNPOWERED);
        assertThat(unpowered).hasSize(1);
        assertThat(unpowered.get(0).start()).isEqualTo(T0.plusSeconds(120));
        assertThat(unpowered.get(0).raisedAt()).isEqualTo(T0.plusSeconds(420));
        assertThat(unpowered.get(0).end()).isEqualTo(T0.plusSeconds(700));
        List<AlarmEvent> moved = of(events, AlarmType.HOME_UNIT_MOVED);
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).start()).isEqualTo(T0.plusSeconds(900));
        assertThat(moved.get(0).end()).isEqualTo(T0.plusSeconds(2400));
        List<AlarmEvent> lost = of(events, AlarmType.HOME_PRESENCE_LOST);
        assertThat(lost).extracting(AlarmEvent::start)
                .containsExactly(T0.plusSeconds(900), T0.plusSeconds(2800));
        assertThat(lost.get(0).end()).isEqualTo(T0.plusSeconds(2400));
    }

    @Test
    void aPlanWithoutHomePresenceIgnoresHomeUnitReports() {
        SupervisionEngine engine = new SupervisionEngine();
        assertThat(engine.onHomeUnitFix(new DeviceState(), unit(T0, 5000, false, false), plan(null))).isEmpty();
    }
}
