package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated people: deterministic for a seed, plausible days, noise and breaches at the requested rate. */
class LimaModelTest {
    static final Instant MONDAY = Instant.parse("2026-03-02T05:00:00Z"); // 00:00 in Lima

    static List<SimFix> day(long seed, int index, double rate, int days, int step) {
        Tag tag = new Tag(new SimulatedPerson(seed, index), false, rate);
        List<SimFix> out = new ArrayList<>();
        for (long t = 0; t < days * 86_400L; t += step) {
            SimFix f = tag.take(MONDAY.plusSeconds(t));
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameRecordsAndFrames() {
        List<SimFix> a = day(42, 7, 0.5, 2, 30);
        List<SimFix> b = day(42, 7, 0.5, 2, 30);
        assertThat(a).isEqualTo(b);
        for (int i = 0; i < a.size(); i += 97) {
            assertThat(Encoders.teltonikaAvl(List.of(a.get(i)))).isEqualTo(Encoders.teltonikaAvl(List.of(b.get(i))));
        }
        assertThat(day(43, 7, 0.5, 2, 30)).isNotEqualTo(a);
        assertThat(new SimulatedPerson(42, 7).dni()).isEqualTo(new SimulatedPerson(42, 7).dni());
        assertThat(Registrar.conditions(new SimulatedPerson(42, 7))).isEqualTo(Registrar.conditions(new SimulatedPerson(42, 7)));
    }

    @Test
    void nightsAtHomeDaysOutAndRealisticNoise() {
        int indoorJumps = 0;
        int invalid = 0;
        int lbs = 0;
        int held = 0;
        int charging = 0;
        int total = 0;
        for (int i = 0; i < 40; i++) {
            SimulatedPerson p = new SimulatedPerson(5, i);
            Tag tag = new Tag(p, false, 0);
            double maxAway = 0;
            for (long t = 0; t < 3 * 86_400L; t += 60) {
                SimFix f = tag.take(MONDAY.plusSeconds(t));
                if (f == null) {
                    continue;
                }
                total++;
                int sod = (int) Math.floorMod(t, 86_400);
                DayPlan.Where w = tag.plan(MONDAY.getEpochSecond() + t).at(MONDAY.getEpochSecond() + t);
                double trueAway = Math.hypot(w.x(), w.y());
                if (sod >= 1 * 3600 && sod < 4 * 3600) {
                    assertThat(trueAway).as("person %d at night without breaches", i).isLessThan(1);
                }
                maxAway = Math.max(maxAway, trueAway);
                double dy = (f.lat() - p.lat(w.y())) * 110_574;
                double dx = (f.lon() - p.lon(w.x())) * p.kx;
                if (w.indoor() && f.valid() && !f.lbs() && Math.hypot(dx, dy) > 90) {
                    indoorJumps++;
                }
                invalid += f.valid() ? 0 : 1;
                lbs += f.lbs() ? 1 : 0;
                held += f.held() ? 1 : 0;
                charging += f.charging() ? 1 : 0;
                assertThat(f.battery()).isBetween(0, 100);
            }
            if (!p.houseArrest) {
                assertThat(maxAway).as("person %d goes out by day", i).isGreaterThan(200);
            }
        }
        assertThat(indoorJumps).as("multipath jumps").isGreaterThan(20);
        assertThat(invalid).as("fixes without GPS").isGreaterThan(50);
        assertThat(lbs).as("cell positions").isGreaterThan(20);
        assertThat(held).as("buffered during gaps").isGreaterThan(5);
        assertThat(charging).as("nightly charging").isGreaterThan(500);
        assertThat(total).isGreaterThan(40 * 3 * 1440 * 9 / 10);
    }

    @Test
    void breachesHappenAtTheRequestedRateAndOfEveryKind() {
        Map<String, Integer> kinds = new HashMap<>();
        int days = 0;
        int breaches = 0;
        for (int i = 0; i < 120; i++) {
            SimulatedPerson p = new SimulatedPerson(9, i);
            for (int d = 0; d < 5; d++) {
                DayPlan plan = new DayPlan(p, 20_514 + d, 0.3);
                days++;
                breaches += plan.breaches.size();
                for (DayPlan.Breach b : plan.breaches) {
                    kinds.merge(b.type(), 1, Integer::sum);
                    assertThat(b.end()).isGreaterThan(b.start());
                    if (b.type().equals("EXCLUSION_ZONE")) {
                        DayPlan.Where w = plan.at((b.start() + b.end()) / 2);
                        assertThat(Math.hypot(w.x() - p.exclusion[0], w.y() - p.exclusion[1]))
                                .isLessThan(p.exclusionRadius);
                    }
                    if (b.type().equals("CURFEW")) {
                        long mid = (b.start() + b.end()) / 2;
                        assertThat(p.curfew((int) Math.floorMod(mid + DayPlan.LIMA_OFFSET, 86_400))).isTrue();
                        assertThat(Math.hypot(plan.at(mid).x(), plan.at(mid).y())).isGreaterThan(p.homeRadius);
                    }
                }
            }
        }
        assertThat((double) breaches / days).isBetween(0.22, 0.38);
        assertThat(kinds).containsKeys("CURFEW", "EXCLUSION_ZONE", "STRAP_OPEN", "VICTIM_PROXIMITY");
        assertThat(kinds.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(breaches);
        DayPlan quiet = new DayPlan(new SimulatedPerson(9, 1), 20_514, 0);
        assertThat(quiet.breaches).isEmpty();
    }

    @Test
    void aForcedBreachEntersTheExclusionZoneAtTheRequestedMomentAlongAPath() {
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            SimulatedPerson p = new SimulatedPerson(9, i);
            // moments all over the day (a trip takes under 1.5 h): at home at night, at work, on the way, evenings
            long at = MONDAY.getEpochSecond() + 5400 + Math.floorMod(i * 7919L, 86_400L - 9000);
            Tag tag = new Tag(p, false, 0);
            tag.forceBreach(java.time.Instant.ofEpochSecond(at));
            DayPlan plan = tag.plan(at);
            assertThat(plan.breaches).as("person %d", i).hasSize(1);
            DayPlan.Breach b = plan.breaches.get(0);
            assertThat(b.type()).isEqualTo("EXCLUSION_ZONE");
            assertThat(b.start()).as("entered when asked, person %d", i).isBetween(at - 60, at + 60);
            assertThat(b.end() - b.start()).isGreaterThanOrEqualTo(600);
            DayPlan.Where before = plan.at(b.start() - 120);
            DayPlan.Where during = plan.at((b.start() + b.end()) / 2);
            DayPlan.Where after = plan.at(b.end() + 3 * 3600);
            assertThat(Math.hypot(during.x() - p.exclusion[0], during.y() - p.exclusion[1])).isLessThan(p.exclusionRadius);
            assertThat(Math.hypot(before.x() - p.exclusion[0], before.y() - p.exclusion[1]))
                    .as("outside two minutes before, travelling").isGreaterThan(p.exclusionRadius);
            assertThat(before.speed()).isPositive();
            if (b.end() + 3 * 3600 < plan.dayStart + 86_400) {
                assertThat(Math.hypot(after.x(), after.y())).as("home afterwards").isLessThan(1);
            }
            // no jump: consecutive minutes never further apart than a bus goes
            for (long t = Math.max(plan.dayStart, at - 3 * 3600); t < b.end(); t += 60) {
                DayPlan.Where w0 = plan.at(t);
                DayPlan.Where w1 = plan.at(t + 60);
                assertThat(Math.hypot(w1.x() - w0.x(), w1.y() - w0.y())).isLessThan(DayPlan.BUS * 60 + 1);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(60);
        // only on the day of the moment
        SimulatedPerson p = new SimulatedPerson(9, 3);
        assertThat(new DayPlan(p, 20_514, 0, MONDAY.getEpochSecond() + 3 * 86_400).breaches).isEmpty();
    }

    @Test
    void aBreachWindowPlacesTheRequestedShareOfBreachesWithinIt() {
        java.time.Duration window = java.time.Duration.ofMinutes(5);
        Simulator.Config config = Simulator.Config.of("osmand", "127.0.0.1", 1, 2000, java.time.Duration.ofSeconds(60),
                null, 0.05, 4).withBreachWindow(window).withHttpConnections(10);
        try (Simulator sim = new Simulator(config)) {
            java.time.Instant before = java.time.Instant.now();
            sim.start();
            sim.close();
            List<java.time.Instant> placed = sim.placedBreaches();
            assertThat(placed.size()).isBetween(70, 130);
            assertThat(placed).allSatisfy(t -> assertThat(t).isBetween(before.minusSeconds(1),
                    before.plus(window).plusSeconds(1)));
        }
    }
}
