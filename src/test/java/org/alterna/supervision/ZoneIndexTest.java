package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * The STRtree of zones returns exactly what measuring every zone returns (random zones and points, several latitudes),
 * and its distances are metres on the ellipsoid (checked against GeographicLib geodesics).
 */
class ZoneIndexTest {
    static final GeometryFactory GF = new GeometryFactory();

    /** Random circles, polygons (some with a hole) and multipolygons within ~10 km of (lat, lon). */
    static List<ZoneIndex.Entry<Integer>> zones(SplittableRandom r, double lat, double lon, int n) {
        double ky = Geo.ky(lat);
        double kx = Geo.kx(lat);
        List<ZoneIndex.Entry<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double cLat = lat + r.nextDouble(-10_000, 10_000) / ky;
            double cLon = lon + r.nextDouble(-10_000, 10_000) / kx;
            ZoneType type = r.nextBoolean() ? ZoneType.INCLUSION : ZoneType.EXCLUSION;
            Zone z;
            switch (i % 4) {
                case 0 -> z = new Zone("c" + i, type, GF.createPoint(new Coordinate(cLon, cLat)),
                        r.nextDouble(20, 800), null);
                case 1 -> z = new Zone("p" + i, type, star(r, cLat, cLon, r.nextDouble(100, 1500), null), null, null);
                case 2 -> {
                    double rad = r.nextDouble(300, 1500);
                    z = new Zone("h" + i, type, star(r, cLat, cLon, rad, rad / 4), null, null);
                }
                default -> z = new Zone("m" + i, type, GF.createMultiPolygon(new Polygon[] {
                    star(r, cLat, cLon, r.nextDouble(100, 600), null),
                    star(r, cLat + 2000 / ky, cLon + 2000 / kx, r.nextDouble(100, 600), null)}), null, null);
            }
            out.add(new ZoneIndex.Entry<>(i, z));
        }
        return out;
    }

    /**
     * A star-shaped polygon of radius up to {@code metres}, with a square hole of half side {@code hole} (at most a
     * quarter of {@code metres}, so that it lies within the shell) if given.
     */
    static Polygon star(SplittableRandom r, double lat, double lon, double metres, Double hole) {
        double ky = Geo.ky(lat);
        double kx = Geo.kx(lat);
        int n = hole == null ? 3 + r.nextInt(10) : 8 + r.nextInt(5);
        Coordinate[] cs = new Coordinate[n + 1];
        for (int v = 0; v < n; v++) {
            double a = 2 * Math.PI * v / n;
            double rad = metres * (hole == null ? r.nextDouble(0.5, 1) : r.nextDouble(0.8, 1));
            cs[v] = new Coordinate(lon + rad * Math.sin(a) / kx, lat + rad * Math.cos(a) / ky);
        }
        cs[n] = cs[0];
        if (hole == null) {
            return GF.createPolygon(cs);
        }
        double h = hole;
        LinearRing inner = GF.createLinearRing(new Coordinate[] {new Coordinate(lon - h / kx, lat - h / ky),
            new Coordinate(lon + h / kx, lat - h / ky), new Coordinate(lon + h / kx, lat + h / ky),
            new Coordinate(lon - h / kx, lat + h / ky), new Coordinate(lon - h / kx, lat - h / ky)});
        return GF.createPolygon(GF.createLinearRing(cs), new LinearRing[] {inner});
    }

    static List<String> bruteForce(List<ZoneIndex.Entry<Integer>> all, double lat, double lon, double metres) {
        List<String> out = new ArrayList<>();
        for (ZoneIndex.Entry<Integer> e : all) {
            if (e.zone().area.signedDistance(lat, lon) <= metres) {
                out.add(e.owner() + "/" + e.zone().id());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static List<String> keys(List<ZoneIndex.Hit<Integer>> hits) {
        return hits.stream().map(h -> h.owner() + "/" + h.zone().id()).sorted().collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-12.1, 0, -45, 60, 75, 84})
    void findsExactlyTheZonesMeasuringAllWouldFind(double lat) {
        SplittableRandom r = new SplittableRandom(Double.doubleToLongBits(lat));
        double lon = -77.0;
        List<ZoneIndex.Entry<Integer>> all = zones(r, lat, lon, 400);
        ZoneIndex<Integer> index = new ZoneIndex<>(all, 100);
        assertThat(index.size()).isEqualTo(400);
        int found = 0;
        int inside = 0;
        for (int i = 0; i < 1500; i++) {
            double pLat = lat + r.nextDouble(-12_000, 12_000) / Geo.ky(lat);
            double pLon = lon + r.nextDouble(-12_000, 12_000) / Geo.kx(lat);
            for (double metres : new double[] {-50, 0, 60, 100, 150, 1500}) {
                List<ZoneIndex.Hit<Integer>> hits = index.near(pLat, pLon, metres);
                assertThat(keys(hits)).as("%.6f %.6f within %.0f m", pLat, pLon, metres)
                        .isEqualTo(bruteForce(all, pLat, pLon, metres));
                for (int h = 1; h < hits.size(); h++) {
                    assertThat(hits.get(h).distance()).isGreaterThanOrEqualTo(hits.get(h - 1).distance());
                }
                found += hits.size();
            }
            inside += index.containing(pLat, pLon).size();
        }
        // the comparison is not vacuous: points fall inside zones and near them
        assertThat(inside).isGreaterThan(100);
        assertThat(found).isGreaterThan(5000);
    }

    @Test
    void candidatesOfAPointNeverMissAZoneWithinTheMargin() {
        SplittableRandom r = new SplittableRandom(3);
        List<ZoneIndex.Entry<Integer>> all = zones(r, -12.1, -77.0, 300);
        ZoneIndex<Integer> index = new ZoneIndex<>(all, 80);
        for (int i = 0; i < 3000; i++) {
            double lat = -12.1 + r.nextDouble(-0.1, 0.1);
            double lon = -77.0 + r.nextDouble(-0.1, 0.1);
            List<Integer> candidates = new ArrayList<>();
            index.candidates(lat, lon, e -> candidates.add(e.owner()));
            for (ZoneIndex.Entry<Integer> e : all) {
                if (e.zone().area.signedDistance(lat, lon) <= 80) {
                    assertThat(candidates).contains(e.owner());
                }
            }
            // and it is a real filter: far fewer candidates than zones
            assertThat(candidates.size()).isLessThan(60);
        }
    }

    @Test
    void zonesAcrossTheAntimeridianAreStillFound() {
        // Fiji: circles of 100 m whose centres are ~107 m apart across the antimeridian
        Zone east = new Zone("east", ZoneType.EXCLUSION, GF.createPoint(new Coordinate(179.9995, -16.5)), 100.0,
                null);
        Zone west = new Zone("west", ZoneType.EXCLUSION, GF.createPoint(new Coordinate(-179.9995, -16.5)), 100.0,
                null);
        List<ZoneIndex.Entry<Integer>> all = List.of(new ZoneIndex.Entry<>(1, east), new ZoneIndex.Entry<>(2, west));
        ZoneIndex<Integer> index = new ZoneIndex<>(all, 50);
        // 180 is ~53 m from either centre: inside both circles
        assertThat(keys(index.containing(-16.5, 180.0))).containsExactly("1/east", "2/west");
        assertThat(keys(index.containing(-16.5, -180.0))).containsExactly("1/east", "2/west");
        assertThat(keys(index.containing(-16.5, 179.9988))).containsExactly("1/east");
        assertThat(keys(index.containing(-16.5, -179.9988))).containsExactly("2/west");
        assertThat(keys(index.near(-16.5, 179.9985, 200))).containsExactly("1/east", "2/west");
    }

    /** Distances to a circle and to a polygon's edge, by geodesics, at latitudes from the equator to 85°. */
    @ParameterizedTest
    @ValueSource(doubles = {0, -12.1, -45, 60, 75, 85})
    void distancesAreMetresOnTheEllipsoidAtAnyLatitude(double lat) {
        double lon = 10;
        Geodesic g = Geodesic.WGS84;
        Zone circle = new Zone("c", ZoneType.EXCLUSION, GF.createPoint(new Coordinate(lon, lat)), 300.0, null);
        // a square whose corners are 1,000 m from the centre, diagonals north-east etc.: its edges lie ~707 m away
        Coordinate[] cs = new Coordinate[5];
        for (int k = 0; k < 4; k++) {
            GeodesicData c = g.Direct(lat, lon, 45 + 90 * k, 1000);
            cs[k] = new Coordinate(c.lon2, c.lat2);
        }
        cs[4] = cs[0];
        Zone square = new Zone("s", ZoneType.INCLUSION, GF.createPolygon(cs), null, null);
        ZoneIndex<Integer> index = new ZoneIndex<>(List.of(new ZoneIndex.Entry<>(1, circle),
                new ZoneIndex.Entry<>(2, square)), 100);
        for (int azimuth = 0; azimuth < 360; azimuth += 15) {
            for (double d : new double[] {50, 290, 310, 600, 2000}) {
                GeodesicData p = g.Direct(lat, lon, azimuth, d);
                double toCircle = circle.signedDistanceMeters(p.lat2, p.lon2);
                assertThat(toCircle).as("lat %s azimuth %d distance %s", lat, azimuth, d)
                        .isCloseTo(d - 300, within(0.5 + 0.002 * d));
                boolean inCircle = keys(index.containing(p.lat2, p.lon2)).contains("1/c");
                assertThat(inCircle).isEqualTo(d < 300);
                List<String> near = keys(index.near(p.lat2, p.lon2, 1500));
                assertThat(near.contains("1/c")).isEqualTo(d - 300 <= 1500);
            }
        }
        // along the axes the square's edge is 1000 * cos 45° away (within the flattening of a 2 km square)
        for (int azimuth = 0; azimuth < 360; azimuth += 90) {
            for (double d : new double[] {600, 690, 725, 800, 1800}) {
                GeodesicData p = g.Direct(lat, lon, azimuth, d);
                double edge = square.signedDistanceMeters(p.lat2, p.lon2);
                assertThat(edge).as("lat %s azimuth %d distance %s", lat, azimuth, d)
                        .isCloseTo(d - 707.1, within(3.0));
                assertThat(keys(index.containing(p.lat2, p.lon2)).contains("2/s")).isEqualTo(d < 707);
            }
        }
    }

    @Test
    void aPlansExclusionZonesAreSkippedOnlyWhenCertainlyOutside() {
        SplittableRandom r = new SplittableRandom(11);
        List<Zone> zs = new ArrayList<>();
        for (ZoneIndex.Entry<Integer> e : zones(r, -12.1, -77.0, 120)) {
            zs.add(e.zone());
        }
        assertThat(SupervisionPlan.builder().build().zones()).isEmpty();
        SupervisionPlan.Builder b = SupervisionPlan.builder();
        zs.forEach(b::zone);
        PlanZones plan = (PlanZones) b.build().zones();
        assertThat(plan).containsExactlyElementsOf(zs);
        int skipped = 0;
        for (int i = 0; i < 5000; i++) {
            double lat = -12.1 + r.nextDouble(-0.1, 0.1);
            double lon = -77.0 + r.nextDouble(-0.1, 0.1);
            List<Integer> near = new ArrayList<>();
            plan.index().candidates(lat, lon, e -> near.add(e.owner()));
            for (int z = 0; z < plan.size(); z++) {
                boolean outside = plan.outside(z, lat, lon);
                if (plan.get(z).type() == ZoneType.INCLUSION) {
                    assertThat(outside).isFalse(); // being outside is the breach: never skipped
                    continue;
                }
                // the plan's STRtree and its extents agree, and a skipped zone is at least a metre away
                assertThat(!near.contains(z)).isEqualTo(outside);
                if (outside) {
                    skipped++;
                    assertThat(plan.get(z).signedDistanceMeters(lat, lon)).isGreaterThan(PlanZones.SKIP_MARGIN_M - 0.01);
                }
            }
        }
        assertThat(skipped).isGreaterThan(100_000);
    }
}
