package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.testsupport.Api;

/** Creates courts, people and orders over the API, and builds alarm signals. */
final class AlarmFixtures {
    static final String COURT_A = "JIP-LIMA-01";
    static final String COURT_B = "JIP-LIMA-02";

    private AlarmFixtures() {
    }

    static void courts(int port) {
        Api admin = Api.as(port, "admin");
        for (String court : new String[] {COURT_A, COURT_B}) {
            Api.Response r = admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", "Lima", "region", "Lima"));
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
        }
    }

    /** A new order of court A, centre CM-LIMA, assigned to the demo prosecutor. */
    static UUID order(int port) {
        return order(port, COURT_A, "prosecutor");
    }

    static UUID order(int port, String court, String prosecutor) {
        courts(port);
        Api supervisor = Api.as(port, "supervisor");
        Api.Response p = supervisor.post("/api/v1/people", Map.of("dni",
                String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)), "givenNames", "Rosa",
                "surnames", "Quispe Mamani", "synthetic", true,
                "domicile", Map.of("address", "Jr. Los Olivos 12", "lat", -12.12, "lon", -77.03)));
        assertThat(p.status()).as(p.toString()).isEqualTo(201);
        Map<String, Object> body = new java.util.HashMap<>(Map.of("expediente", "00123-2026-1-1801-JR-PE-01",
                "courtCode", court, "measureType", "PRETRIAL_RESTRICTION", "personId", p.json().get("id").asString(),
                "monitoringCentre", "CM-LIMA", "synthetic", true));
        if (prosecutor != null) {
            body.put("prosecutor", prosecutor);
        }
        Api.Response o = supervisor.post("/api/v1/orders", body);
        assertThat(o.status()).as(o.toString()).isEqualTo(201);
        return UUID.fromString(o.json().get("id").asString());
    }

    static AlarmSignal signal(UUID order, String type, String zone, Instant start) {
        return new AlarmSignal(order, "861234567890123", "AT-100", type, zone, start, start, false,
                List.of(new EvidenceFix(start, -12.1211, -77.0301, 8.0, "GPS")));
    }
}
