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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fixes evaluated per second per core with 100,000 zones across 30,000 orders (each order: a home circle with a
 * curfew, a polygon exclusion zone, and every third order a third zone), and heap per monitored device
 * ({@code main heap}).
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

    SupervisionEngine engine = new SupervisionEngine();
    SupervisionPlan[] plans = new SupervisionPlan[ORDERS];
    DeviceState[] states = new DeviceState[ORDERS];
    Fix[] fixes = new Fix[1 << 16];
    int[] device = new int[fixes.length];
    int next;
    int zones;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        WeeklySchedule curfew = WeeklySchedule.of(new WeeklySchedule.Entry(null, LocalTime.of(20, 0),
                LocalTime.of(6, 0)));
        double[][] homes = new double[ORDERS][];
        for (int o = 0; o < ORDERS; o++) {
            double lat = -12.2 + r.nextDouble(0.3);
            double lon = -77.1 + r.nextDouble(0.2);
            homes[o] = new double[] {lat, lon};
            SupervisionPlan.Builder b = SupervisionPlan.builder()
                    .zone(new Zone("home", ZoneType.INCLUSION, GF.createPoint(new Coordinate(lon, lat)), 120.0, curfew))
                    .zone(new Zone("victim", ZoneType.EXCLUSION, square(lat + 0.03, lon + 0.02, 0.003), null, null))
                    .noCommunicationMinutes(30).lowBatteryPercent(15).victimProximityMeters(null);
            zones += 2;
            {
                b.zone(new Zone("school", ZoneType.EXCLUSION, square(lat - 0.02, lon + 0.01, 0.002), null, null));
                zones++;
            }
            if (o % 3 == 0) {
                b.zone(new Zone("park", ZoneType.EXCLUSION, GF.createPoint(new Coordinate(lon + 0.01, lat)), 150.0,
                        null));
                zones++;
            }
            plans[o] = b.build();
            states[o] = new DeviceState();
        }
        Instant t = Instant.parse("2026-03-02T03:00:00Z");
        for (int i = 0; i < fixes.length; i++) {
            int o = r.nextInt(ORDERS);
            device[i] = o;
            double lat = homes[o][0] + r.nextGaussian() * 0.002;
            double lon = homes[o][1] + r.nextGaussian() * 0.002;
            fixes[i] = new Fix("d" + o, t.plusSeconds(i), t.plusSeconds(i), lat, lon, null, null, null, null, null,
                    10.0 + r.nextDouble(30), true, Fix.PositionSource.GPS, 80, null, false, Fix.StrapState.CLOSED,
                    null, null);
        }
    }

    static org.locationtech.jts.geom.Polygon square(double lat, double lon, double d) {
        return GF.createPolygon(new Coordinate[] {new Coordinate(lon, lat), new Coordinate(lon + d, lat),
            new Coordinate(lon + d, lat + d), new Coordinate(lon, lat + d), new Coordinate(lon, lat)});
    }

    @Benchmark
    public List<AlarmEvent> evaluateFix() {
        int i = next++ & (fixes.length - 1);
        int o = device[i];
        return engine.onFix(states[o], fixes[i], plans[o]);
    }

    /** {@code heap}: bytes of heap per monitored device after one fix each (zones of 3-zone plans shared). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("heap")) {
            EngineBenchmark b = new EngineBenchmark();
            b.setup();
            int n = 100_000;
            SupervisionPlan plan = b.plans[0];
            List<DeviceState> keep = new ArrayList<>(n);
            long before = used();
            SupervisionEngine e = new SupervisionEngine();
            for (int i = 0; i < n; i++) {
                DeviceState s = new DeviceState();
                e.onFix(s, b.fixes[i & (b.fixes.length - 1)], plan);
                keep.add(s);
            }
            long after = used();
            System.out.printf("devices %d, zones %d: %.0f bytes of heap per device state%n", n, b.zones,
                    (after - before) / (double) n);
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
