package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The server-wide zone index follows orders being activated, varied and closed, and answers as measuring all would. */
class ActiveZonesTest {

    static List<String> bruteForce(Map<UUID, List<Zone>> orders, double lat, double lon, double metres) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<UUID, List<Zone>> o : orders.entrySet()) {
            for (Zone z : o.getValue()) {
                if (z.signedDistanceMeters(lat, lon) <= metres) {
                    out.add(o.getKey() + "/" + z.id());
                }
            }
        }
        out.sort(null);
        return out;
    }

    static List<String> keys(List<ZoneIndex.Hit<UUID>> hits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            out.add(hits.get(i).owner() + "/" + hits.get(i).zone().id());
            if (i > 0) {
                assertThat(hits.get(i).distance()).isGreaterThanOrEqualTo(hits.get(i - 1).distance());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void followsActivationsVariationsAndClosures() {
        SplittableRandom r = new SplittableRandom(5);
        ActiveZones index = new ActiveZones(150);
        Map<UUID, List<Zone>> truth = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ids.add(new UUID(5, i));
        }
        int compared = 0;
        int found = 0;
        for (int step = 0; step < 4000; step++) {
            UUID o = ids.get(r.nextInt(ids.size()));
            int op = r.nextInt(10);
            if (op < 7) { // activated, or conditions varied: new zones
                List<Zone> zones = new ArrayList<>();
                for (ZoneIndex.Entry<Integer> e : ZoneIndexTest.zones(r, -12.1, -77.0, 1 + r.nextInt(4))) {
                    zones.add(e.zone());
                }
                index.put(o, zones);
                truth.put(o, zones);
            } else { // suspended, completed, revoked
                index.remove(o);
                truth.remove(o);
            }
            assertThat(index.contains(o)).isEqualTo(truth.containsKey(o));
            if (step % 20 == 0) {
                for (int q = 0; q < 20; q++) {
                    double lat = -12.1 + r.nextDouble(-0.1, 0.1);
                    double lon = -77.0 + r.nextDouble(-0.1, 0.1);
                    double metres = q % 2 == 0 ? 0 : r.nextDouble(0, 600);
                    List<String> expected = bruteForce(truth, lat, lon, metres);
                    assertThat(keys(index.near(lat, lon, metres))).isEqualTo(expected);
                    compared++;
                    found += expected.size();
                }
            }
        }
        int zones = truth.values().stream().mapToInt(List::size).sum();
        assertThat(index.size()).isEqualTo(zones);
        // both paths ran: changes kept beside the full tree, and full rebuilds
        assertThat(index.rebuilds()).isGreaterThan(3);
        assertThat(compared).isEqualTo(4000);
        assertThat(found).isGreaterThan(500);
    }
}
