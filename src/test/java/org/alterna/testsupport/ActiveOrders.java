package org.alterna.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates judicial orders through the real API, the way the supervisor, the judge and the operator do: request,
 * viability report, resolution with conditions, installation, activation; and registers and assigns a device.
 */
public final class ActiveOrders {
    private ActiveOrders() {
    }

    /** An ACTIVE order of court JIP-LIMA-01, centre CM-LIMA, with the given conditions JSON; returns its id. */
    public static String create(int port, String measureType, String conditionsJson) {
        Api admin = Api.as(port, "admin");
        Api supervisor = Api.as(port, "supervisor");
        Api judge = Api.as(port, "judge");
        Api operator = Api.as(port, "operator");
        for (String court : new String[] {"JIP-LIMA-01", "JIP-LIMA-02"}) {
            Api.Response r = admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", "Lima", "region", "Lima"));
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
        }
        String dni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        Api.Response person = supervisor.post("/api/v1/people", Map.of("dni", dni, "givenNames", "Rosa",
                "surnames", "Quispe Mamani", "synthetic", true,
                "domicile", Map.of("address", "Jr. Los Olivos 12", "lat", -12.12, "lon", -77.03)));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
        Map<String, Object> request = new java.util.HashMap<>(Map.of("expediente", "00123-2026-1-1801-JR-PE-01",
                "courtCode", "JIP-LIMA-01", "measureType", measureType,
                "personId", person.json().get("id").stringValue(), "monitoringCentre", "CM-LIMA", "synthetic", true));
        if (measureType.equals("PROTECTION_ORDER")) {
            request.put("victim", Map.of("givenNames", "Ana", "surnames", "Torres", "phone", "+51 999 000 111",
                    "synthetic", true));
        }
        Api.Response order = supervisor.post("/api/v1/orders", request);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String id = order.json().get("id").stringValue();
        Api.Response viability = supervisor.post("/api/v1/orders/" + id + "/viability-report", Map.of(
                "gpsCoverage", "GOOD", "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE"));
        assertThat(viability.status()).as(viability.toString()).isEqualTo(200);
        String today = LocalDate.now(ZoneId.of("America/Lima")).toString();
        Api.Response resolution = judge.post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-%d","resolutionDate":"%s","startDate":"%s",
                 "effectiveFrom":"2020-01-01T00:00:00Z","conditions":%s}"""
                .formatted(ThreadLocalRandom.current().nextInt(1000, 9999), today, today, conditionsJson));
        assertThat(resolution.status()).as(resolution.toString()).isEqualTo(200);
        assertThat(operator.post("/api/v1/orders/" + id + "/installation",
                Map.of("scheduledAt", "2026-11-30T15:00:00Z")).status()).isEqualTo(200);
        Api.Response active = operator.post("/api/v1/orders/" + id + "/activation", Map.of("note", "instalado"));
        assertThat(active.status()).as(active.toString()).isEqualTo(200);
        return id;
    }

    /**
     * Registers a Teltonika device with a fresh IMEI and assigns it to the order as the person's or victim's unit,
     * from 14 minutes ago (the tolerance for recording an installation just done): the fixes a test sends from then on
     * are the case's.
     */
    public static String device(int port, String orderId, String role) {
        Api supervisor = Api.as(port, "supervisor");
        String imei = "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        Api.Response registered = supervisor.post("/api/v1/devices", Map.of("uniqueId", imei,
                "model", "teltonika-ankle-tag", "protocol", "teltonika"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Api.Response assigned = supervisor.post("/api/v1/devices/" + imei + "/assignment",
                Map.of("orderId", orderId, "role", role, "from",
                        java.time.Instant.now().minusSeconds(14 * 60).toString()));
        assertThat(assigned.status()).as(assigned.toString()).isIn(200, 201);
        return imei;
    }
}
