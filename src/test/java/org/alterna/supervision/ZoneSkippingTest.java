package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.alterna.simulation.tracks.LimaTrackGenerator;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Skipping exclusion zones a fix is far outside of (by their extents, or the plan's STRtree) changes no alarm: realistic
 * Lima tracks against plans with many exclusion zones the person enters and leaves, a change of conditions that moves
 * them mid-way, and late fixes re-evaluated from checkpoints, give the same alarm changes as measuring every zone.
 */
class ZoneSkippingTest {
    static final GeometryFactory GF = new GeometryFactory();

    /** The generated plan plus {@code extra} exclusion zones, half of them on places the person goes. */
    static SupervisionPlan withExclusions(LimaTrackGenerator.Generated g, long seed, int extra, double shiftLon) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Fix> fixes = g.fixes();
        double minLat = 90;
        double maxLat = -90;
        double minLon = 180;
        double maxLon = -180;
        for (Fix f : fixes) {
            if (f.valid()) {
                minLat = Math.min(minLat, f.latitude());
                maxLat = Math.max(maxLat, f.latitude());
                minLon = Math.min(minLon, f.longitude());
                maxLon = Math.max(maxLon, f.longitude());
            }
        }
        SupervisionPlan.Builder b = g.plan().toBuilder();
        for (int k = 0; k < extra; k++) {
            Fix f = fixes.get(r.nextInt(fixes.size()));
            double lat = k % 2 == 0 ? f.latitude() : r.nextDouble(minLat, maxLat + 1e-9);
            double lon = (k % 2 == 0 ? f.longitude() : r.nextDouble(minLon, maxLon + 1e-9)) + shiftLon;
            Geometry geo;
            Double radius = null;
            if (k % 3 == 0) {
                geo = GF.createPoint(new Coordinate(lon, lat));
                radius = 40 + r.nextDouble(200);
            } else {
                int n = 3 + r.nextInt(8);
                Coordinate[] cs = new Coordinate[n + 1];
                for (int j = 0; j < n; j++) {
                    double a = 2 * Math.PI * j / n;
                    double rad = 0.0005 + r.nextDouble(0.002);
                    cs[j] = new Coordinate(lon + rad * Math.cos(a), lat + rad * Math.sin(a));
                }
                cs[n] = cs[0];
                geo = GF.createPolygon(cs);
            }
            WeeklySchedule schedule = k % 5 == 0 ? WeeklySchedule.of(new WeeklySchedule.Entry(null,
                    LocalTime.of(9, 0), LocalTime.of(17, 0))) : null;
            b.zone(new Zone("x" + k, ZoneType.EXCLUSION, geo, radius, schedule));
        }
        return b.build();
    }

    /** Every alarm change, fixes in arrival order through a {@link DeviceSupervisor}, a clock tick every 7 fixes. */
    static List<AlarmEvent> run(SupervisionEngine engine, LimaTrackGenerator.Generated g, PlanTimeline plans,
            int[] farSeen) {
        DeviceSupervisor sup = new DeviceSupervisor(engine, plans);
        List<Fix> victim = new ArrayList<>(g.victimFixes());
        victim.sort(Comparator.comparing(ZoneSkippingTest::arrival));
        List<AlarmEvent> out = new ArrayList<>();
        int v = 0;
        int i = 0;
        for (Fix f : g.fixes()) {
            while (v < victim.size() && !arrival(victim.get(v)).isAfter(arrival(f))) {
                out.addAll(sup.onVictimFix(victim.get(v++)));
            }
            out.addAll(sup.onFix(f));
            if (sup.state().anyFar()) {
                farSeen[0]++;
            }
            if (++i % 7 == 0) {
                out.addAll(sup.tick(arrival(f).plusSeconds(20)));
            }
        }
        return out;
    }

    /** Conditions that change every 3 fixes, moving the zones ~50 m back and forth: tracks carry over each time. */
    @org.junit.jupiter.api.Test
    void zonesMovedByFrequentVariationsChangeNoAlarm() {
        int changes = 0;
        for (long seed = 20260310L; seed < 20260310L + 6; seed++) {
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed, 3);
            SupervisionPlan a = withExclusions(g, seed, 40, 0);
            SupervisionPlan b = withExclusions(g, seed, 40, 0.0005);
            PlanTimeline plans = PlanTimeline.of(a);
            for (int i = 3; i < g.fixes().size(); i += 3) {
                plans = plans.with(g.fixes().get(i).deviceTime(), (i / 3) % 2 == 0 ? a : b);
                changes++;
            }
            List<AlarmEvent> exact = run(new SupervisionEngine(SupervisionEngine.ZoneFilter.EXACT), g, plans,
                    new int[1]);
            assertThat(run(new SupervisionEngine(), g, plans, new int[1])).as("seed %d", seed)
                    .containsExactlyElementsOf(exact);
        }
        assertThat(changes).isGreaterThan(2000);
    }

    static Instant arrival(Fix f) {
        return f.serverTime() == null ? f.deviceTime() : f.serverTime();
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 40, 120})
    void skippingFarZonesChangesNoAlarm(int extra) {
        int exclusionAlarms = 0;
        int[] farWithExtents = new int[1];
        int[] farWithIndex = new int[1];
        for (long seed = 20260302L; seed < 20260302L + 8; seed++) {
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed, 3);
            Instant mid = g.fixes().get(g.fixes().size() / 2).deviceTime();
            PlanTimeline plans = PlanTimeline.of(withExclusions(g, seed, extra, 0))
                    .with(mid, withExclusions(g, seed, extra, 0.001));
            List<AlarmEvent> exact = run(new SupervisionEngine(SupervisionEngine.ZoneFilter.EXACT), g, plans,
                    new int[1]);
            assertThat(run(new SupervisionEngine(SupervisionEngine.ZoneFilter.EXTENTS), g, plans, farWithExtents))
                    .as("seed %d", seed).containsExactlyElementsOf(exact);
            assertThat(run(new SupervisionEngine(), g, plans, new int[1])).as("seed %d", seed)
                    .containsExactlyElementsOf(exact);
            assertThat(run(new SupervisionEngine(SupervisionEngine.ZoneFilter.INDEX), g, plans, farWithIndex))
                    .as("seed %d", seed).containsExactlyElementsOf(exact);
            exclusionAlarms += (int) exact.stream().filter(e -> e.kind() == AlarmEvent.Kind.RAISED
                    && e.zone() != null && e.zone().startsWith("x")).count();
        }
        // not vacuous: the person breaches the extra zones, and zones were skipped
        assertThat(exclusionAlarms).isGreaterThan(20);
        assertThat(farWithExtents[0]).isGreaterThan(1000);
        assertThat(farWithIndex[0]).isGreaterThan(1000);
    }

    /**
     * Not only the alarms: a skipped zone's track resumes exactly as if every fix had been measured — in particular
     * whether the person was heading in along a path (two steps deeper, each by more than its accuracy), which decides
     * how fast a breach is confirmed; only that threshold matters, not the length of the run of steps.
     */
    @org.junit.jupiter.api.Test
    void skippedTracksResumeAsIfMeasured() {
        int compared = 0;
        int resumedHeadingIn = 0;
        for (long seed = 20260302L; seed < 20260302L + 6; seed++) {
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed, 3);
            SupervisionPlan plan = withExclusions(g, seed, 60, 0);
            SupervisionEngine exact = new SupervisionEngine(SupervisionEngine.ZoneFilter.EXACT);
            SupervisionEngine skipping = new SupervisionEngine(SupervisionEngine.ZoneFilter.EXTENTS);
            DeviceState a = new DeviceState();
            DeviceState b = new DeviceState();
            boolean[] wasFar = new boolean[plan.zones().size()];
            for (Fix f : g.fixes()) {
                assertThat(skipping.onFix(b, f, plan)).isEqualTo(exact.onFix(a, f, plan));
                for (int i = 0; i < plan.zones().size(); i++) {
                    if (b.isFar(i)) {
                        wasFar[i] = true;
                        continue;
                    }
                    String at = "seed " + seed + " zone " + i + " at " + f.deviceTime();
                    assertThat(Math.min(b.outSteps[i], 2)).as(at).isEqualTo(Math.min(a.outSteps[i], 2));
                    assertThat(b.approachTime(i)).as(at).isEqualTo(a.approachTime(i));
                    assertThat(b.tracks[i] != null && b.tracks[i].pathOut).as(at)
                            .isEqualTo(a.tracks[i] != null && a.tracks[i].pathOut);
                    assertThat(b.confirmed(i)).as(at).isEqualTo(a.confirmed(i));
                    if (a.lastCompliant[i] != Track.NONE && b.lastCompliant[i] != Track.NONE) {
                        assertThat(b.lastCompliant[i]).as(at).isEqualTo(a.lastCompliant[i]);
                        assertThat(b.compliantDepth[i]).as(at).isEqualTo(a.compliantDepth[i]);
                    }
                    if (wasFar[i]) {
                        compared++;
                        if (a.outSteps[i] > 0) {
                            resumedHeadingIn++;
                        }
                        wasFar[i] = false;
                    }
                }
            }
        }
        // not vacuous: tracks resumed after being skipped, some of them right as the person headed in
        assertThat(compared).isGreaterThan(500);
        assertThat(resumedHeadingIn).isGreaterThan(10);
    }
}
