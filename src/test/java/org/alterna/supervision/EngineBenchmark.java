package org.alterna.supervision;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.alterna.telemetry.Fix;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixes evaluated per second per core with 100,000 zones across 30,000 orders (each order: a home circle with a
 * curfew, two polygon exclusion zones, and every third order an exclusion circle), heap per monitored device
 * ({@code main heap}), protection orders with many exclusion zones (100,000 zones in all) evaluated by their extents,
 * by their STRtree and exactly, and the server-wide {@link ZoneIndex} query over the 100,000 zones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgs = {"-Xmx2g"})
public class EngineBenchmark {
    static final int ORDERS = 30_000;
    static final GeometryFactory GF = new GeometryFactory();
    static final long START = Instant.parse("2026-03-02T03:00:00Z").toEpochMilli();

    SupervisionEngine engine = new SupervisionEngine();
    SupervisionPlan[] plans = new SupervisionPlan[ORDERS];
    DeviceState[] states = new DeviceState[ORDERS];
    Fixes fixes;
    ZoneIndex<Integer> all;
    double[] queries = new double[2 << 12];
    int query;
    int zones;

    /**
     * A ring of 65,536 pre-generated positions of random devices (within ~200 m of home, accuracy 10-40 m); each call
     * hands over a new {@link Fix} as a decoder would, 2 ms of device time after the previous one (one fix a minute
     * from each of 30,000 devices), so that every fix is in order and goes through all rules.
     */
    static final class Fixes {
        final Fix[] ring = new Fix[1 << 16];
        final int[] device = new int[ring.length];
        final long step;
        int next;
        long time = START;

        Fixes(SplittableRandom r, double[][] homes, long stepMs) {
            this.step = stepMs;
            Instant t = Instant.ofEpochMilli(START);
            for (int i = 0; i < ring.length; i++) {
                int o = r.nextInt(homes.length);
                device[i] = o;
                double lat = homes[o][0] + r.nextGaussian() * 0.002;
                double lon = homes[o][1] + r.nextGaussian() * 0.002;
                ring[i] = new Fix("d" + o, t, t, lat, lon, null, null, null, null, null, 10.0 + r.nextDouble(30), true,
                        Fix.PositionSource.GPS, 80, null, false, Fix.StrapState.CLOSED, null, null);
            }
        }

        int device() {
            return device[next & (ring.length - 1)];
        }

        Fix next() {
            Fix p = ring[next++ & (ring.length - 1)];
            time += step;
            Instant at = Instant.ofEpochMilli(time);
            return new Fix(p.deviceId(), at, at, p.latitude(), p.longitude(), null, null, null, null, null,
                    p.accuracyMeters(), true, Fix.PositionSource.GPS, 80, null, false, Fix.StrapState.CLOSED, null,
                    null);
        }
    }

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        WeeklySchedule curfew = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(20, 0),
                LocalTime.of(6, 0)));
        double[][] homes = new double[ORDERS][];
        List<ZoneIndex.Entry<Integer>> entries = new ArrayList<>();
        for (int o = 0; o < ORDERS; o++) {
            double lat = -12.2 + r.nextDouble(0.3);
            double lon = -77.1 + r.nextDouble(0.2);
            homes[o] = new double[] {lat, lon};
            SupervisionPlan.Builder b = SupervisionPlan.builder()
                    .zone(new Zone("home", ZoneType.INCLUSION, GF.createPoint(new Coordinate(lon, lat)), 120.0, curfew))
                    .zone(new Zone("victim", ZoneType.EXCLUSION, square(lat + 0.03, lon + 0.02, 0.003), null, null))
                    .zone(new Zone("school", ZoneType.EXCLUSION, square(lat - 0.02, lon + 0.01, 0.002), null, null))
                    .noCommunicationMinutes(30).lowBatteryPercent(15).victimProximityMeters(null);
            if (o % 3 == 0) {
                b.zone(new Zone("park", ZoneType.EXCLUSION, GF.createPoint(new Coordinate(lon + 0.01, lat)), 150.0,
                        null));
            }
            plans[o] = b.build();
            states[o] = new DeviceState();
            for (Zone z : plans[o].zones()) {
                entries.add(new ZoneIndex.Entry<>(o, z));
            }
        }
        zones = entries.size();
        all = new ZoneIndex<>(entries, 100);
        for (int i = 0; i < queries.length; i += 2) {
            double[] h = homes[r.nextInt(ORDERS)];
            queries[i] = h[0] + r.nextGaussian() * 0.01;
            queries[i + 1] = h[1] + r.nextGaussian() * 0.01;
        }
        fixes = new Fixes(r, homes, 2);
    }

    static Polygon square(double lat, double lon, double d) {
        return GF.createPolygon(new Coordinate[] {new Coordinate(lon, lat), new Coordinate(lon + d, lat),
            new Coordinate(lon + d, lat + d), new Coordinate(lon, lat + d), new Coordinate(lon, lat)});
    }

    @Benchmark
    public List<AlarmEvent> evaluateFix() {
        int o = fixes.device();
        return engine.onFix(states[o], fixes.next(), plans[o]);
    }

    /** The harness alone (building the fix), to subtract from the evaluations. */
    @Benchmark
    public Fix makeFix() {
        return fixes.next();
    }

    /** Server-wide: the zones (of any order) within 200 m of a point in Lima, exact distances, nearest first. */
    @Benchmark
    public List<ZoneIndex.Hit<Integer>> zonesNear() {
        int i = query++ & (queries.length / 2 - 1);
        return all.near(queries[2 * i], queries[2 * i + 1], 200);
    }

    /**
     * Protection orders with many exclusion zones (100,000 zones in all): a home circle with a curfew and
     * {@code zonesPerOrder - 1} exclusion zones (circles and polygons of 6-12 vertices) within ~5 km of home.
     */
    @State(Scope.Thread)
    public static class Protection {
        @Param({"34", "100", "200", "1000"})
        int zonesPerOrder;

        SupervisionEngine exact = new SupervisionEngine(SupervisionEngine.ZoneFilter.EXACT);
        SupervisionEngine extents = new SupervisionEngine(SupervisionEngine.ZoneFilter.EXTENTS);
        SupervisionEngine index = new SupervisionEngine(SupervisionEngine.ZoneFilter.INDEX);
        SupervisionPlan[] plans;
        DeviceState[] states;
        Fixes fixes;

        @Setup
        public void setup() {
            SplittableRandom r = new SplittableRandom(7);
            int orders = 102_000 / zonesPerOrder;
            plans = new SupervisionPlan[orders];
            states = new DeviceState[orders];
            double[][] homes = new double[orders][];
            WeeklySchedule curfew = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(20, 0),
                    LocalTime.of(6, 0)));
            for (int o = 0; o < orders; o++) {
                double lat = -12.2 + r.nextDouble(0.3);
                double lon = -77.1 + r.nextDouble(0.2);
                homes[o] = new double[] {lat, lon};
                SupervisionPlan.Builder b = SupervisionPlan.builder().zone(new Zone("home", ZoneType.INCLUSION,
                        GF.createPoint(new Coordinate(lon, lat)), 120.0, curfew))
                        .noCommunicationMinutes(30).lowBatteryPercent(15);
                for (int z = 1; z < zonesPerOrder; z++) {
                    double zl = lat + r.nextGaussian() * 0.02;
                    double zo = lon + r.nextGaussian() * 0.02;
                    if (z % 3 == 0) {
                        b.zone(new Zone("x" + z, ZoneType.EXCLUSION, GF.createPoint(new Coordinate(zo, zl)),
                                100 + r.nextDouble(200), null));
                    } else {
                        int n = 6 + r.nextInt(7);
                        double rad = 0.001 + r.nextDouble(0.003);
                        Coordinate[] cs = new Coordinate[n + 1];
                        for (int v = 0; v < n; v++) {
                            double a = 2 * Math.PI * v / n;
                            cs[v] = new Coordinate(zo + rad * Math.cos(a), zl + rad * Math.sin(a));
                        }
                        cs[n] = cs[0];
                        b.zone(new Zone("x" + z, ZoneType.EXCLUSION, GF.createPolygon(cs), null, null));
                    }
                }
                plans[o] = b.build();
                states[o] = new DeviceState();
                ((PlanZones) plans[o].zones()).index();
            }
            // each device still reports once a minute
            fixes = new Fixes(r, homes, 60_000L / orders);
        }

        List<AlarmEvent> evaluate(SupervisionEngine e) {
            int o = fixes.device();
            return e.onFix(states[o], fixes.next(), plans[o]);
        }
    }

    /** Every zone of the order measured at every fix (the reference). */
    @Benchmark
    public List<AlarmEvent> protectionOrderExact(Protection p) {
        return p.evaluate(p.exact);
    }

    /** Exclusion zones a fix is outside the extent of are skipped, extents scanned in a flat array. */
    @Benchmark
    public List<AlarmEvent> protectionOrderExtents(Protection p) {
        return p.evaluate(p.extents);
    }

    /** Exclusion zones looked up in the plan's STRtree (the engine's choice from {@link PlanZones#INDEX_MIN}). */
    @Benchmark
    public List<AlarmEvent> protectionOrderIndex(Protection p) {
        return p.evaluate(p.index);
    }

    /**
     * {@code heap}: bytes of heap per monitored device after one fix each (all devices under one 3- or 4-zone plan,
     * shared); {@code heap Z}: the same under one protection order of Z zones.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("heap")) {
            EngineBenchmark b = new EngineBenchmark();
            b.setup();
            int n = 100_000;
            SupervisionPlan plan = b.plans[0];
            if (args.length > 1) { // heap Z: a protection order of Z zones instead
                Protection p = new Protection();
                p.zonesPerOrder = Integer.parseInt(args[1]);
                p.setup();
                plan = p.plans[0];
                b.plans = null;
                b.states = null;
            }
            List<DeviceState> keep = new ArrayList<>(n);
            long before = used();
            SupervisionEngine e = new SupervisionEngine();
            for (int i = 0; i < n; i++) {
                DeviceState s = new DeviceState();
                e.onFix(s, b.fixes.ring[i & (b.fixes.ring.length - 1)], plan);
                keep.add(s);
            }
            long after = used();
            System.out.printf("devices %d, zones %d, %d zones in their plan: %.0f bytes of heap per device state%n", n,
                    b.zones, plan.zones().size(), (after - before) / (double) n);
            System.out.println(keep.size());
            return;
        }
        org.openjdk.jmh.Main.main(args);
    }

    static long used() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
