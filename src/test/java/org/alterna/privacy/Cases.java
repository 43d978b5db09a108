package org.alterna.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.testsupport.Api;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cases built the way the court, INPE and the monitoring centre build them, over the real API at the test clock's
 * time: person, order, viability report, resolution with conditions, installation, activation, a device assigned.
 * Positions are written straight into the fixes table, as the gateway's writer would.
 */
final class Cases {
    static final ZoneId LIMA = ZoneId.of("America/Lima");
    /** Conditions with an inclusion zone at home and an exclusion zone (whose geometry the export withholds). */
    static final String CONDITIONS = """
            {"zones":[{"id":"domicilio","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.0301,-12.1211]},
              "radiusMeters":120},
             {"id":"casa-victima","type":"EXCLUSION","geometry":{"type":"Point","coordinates":[-77.0999,-12.0555]},
              "radiusMeters":500}],
             "noCommunicationMinutes":30}""";

    private final int port;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final Api admin;

    Cases(int port, Clock clock, JdbcClient jdbc) {
        this.port = port;
        this.clock = clock;
        this.jdbc = jdbc;
        this.admin = Api.as(port, "admin");
    }

    record Case(String orderId, String personId, String dni, String device) {
    }

    void court(String code, String region) {
        Api.Response r = admin.post("/api/v1/courts", Map.of("code", code, "name", "Juzgado " + code,
                "judicialDistrict", region, "region", region));
        assertThat(r.status()).as(r.toString()).isIn(201, 409);
    }

    /** The password of the accounts {@link #user} creates (long enough for any password policy). */
    static final String PASSWORD = "Clave-de-prueba-2026";

    /** Calls as a demo account (password demo) or as an account made by {@link #user}. */
    static Api as(int port, String username) {
        return username.contains("-") ? Api.as(port, username, PASSWORD) : Api.as(port, username);
    }

    static String password(String username) {
        return username.contains("-") ? PASSWORD : "demo";
    }

    /** A user with a scope (created once per database); its name has a hyphen, unlike the demo accounts. */
    void user(String username, String role, String court, String region) {
        Map<String, Object> body = new HashMap<>(Map.of("username", username, "password", PASSWORD, "role", role,
                "fullName", username, "enabled", true));
        if (court != null) {
            body.put("courtCode", court);
        }
        if (region != null) {
            body.put("region", region);
        }
        Api.Response r = admin.post("/api/v1/users", body);
        assertThat(r.status()).as(r.toString()).isIn(201, 409);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), LIMA);
    }

    static String dni() {
        return String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
    }

    /** An ACTIVE order of the court, with the person's unit assigned from now; a victim if {@code victim}. */
    Case active(String court, String centre, boolean victim) {
        String dni = dni();
        Api.Response person = admin.post("/api/v1/people", Map.of("dni", dni, "givenNames", "Rosa",
                "surnames", "Quispe Mamani", "phone", "+51 911 222 333", "synthetic", true,
                "domicile", Map.of("address", "Jr. Los Olivos 12", "lat", -12.1211, "lon", -77.0301)));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
        String personId = person.json().get("id").asString();
        Map<String, Object> request = new HashMap<>(Map.of("expediente", String.format("%05d-2019-1-1801-JR-PE-01",
                ThreadLocalRandom.current().nextInt(100_000)), "courtCode", court, "measureType",
                victim ? "PROTECTION_ORDER" : "PRETRIAL_RESTRICTION", "personId", personId,
                "monitoringCentre", centre, "synthetic", true));
        if (victim) {
            request.put("victim", Map.of("fullName", "Ana Vilcapoma Torres", "phone", "+51 999 000 111",
                    "address", "Av. Reservada 404", "lat", -12.0555, "lon", -77.0999, "synthetic", true));
        }
        Api.Response order = admin.post("/api/v1/orders", request);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String id = order.json().get("id").asString();
        ok(admin.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE")));
        ok(admin.post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-%d","resolutionDate":"%s","startDate":"%s","effectiveFrom":"%s",
                 "conditions":%s}""".formatted(ThreadLocalRandom.current().nextInt(1000, 9999), today(), today(),
                clock.instant(), victim ? CONDITIONS.replace("\"noCommunicationMinutes\"",
                        "\"victimProximityMeters\":500,\"noCommunicationMinutes\"") : CONDITIONS)));
        ok(admin.post("/api/v1/orders/" + id + "/installation", Map.of("scheduledAt", clock.instant().toString())));
        ok(admin.post("/api/v1/orders/" + id + "/activation", Map.of("note", "instalado")));
        return new Case(id, personId, dni, device(id, "PERSON_UNIT"));
    }

    String device(String orderId, String role) {
        String imei = "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        Api.Response registered = admin.post("/api/v1/devices", Map.of("uniqueId", imei, "model", "FMB920",
                "protocol", "teltonika"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Api.Response assigned = admin.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", orderId,
                "role", role));
        assertThat(assigned.status()).as(assigned.toString()).isIn(200, 201);
        return imei;
    }

    void complete(String orderId) {
        ok(admin.post("/api/v1/orders/" + orderId + "/completion", Map.of("note", "cumplió la medida")));
    }

    /** {@code n} fixes of the device, one a minute from {@code from}, near (lat, lon). */
    void fixes(String device, Instant from, int n, double lat, double lon) {
        for (int i = 0; i < n; i++) {
            Instant t = from.plusSeconds(60L * i);
            jdbc.sql("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude, valid, source)"
                    + " VALUES (?,?,?,?,?,TRUE,'GPS')").params(device, utc(t), utc(t.plusSeconds(2)),
                    lat + i * 1e-5, lon).update();
        }
    }

    void latestState(String device, Instant at, double lat, double lon) {
        jdbc.sql("INSERT INTO device_state (device_id, last_contact, fix_device_time, latitude, longitude, valid)"
                + " VALUES (?,?,?,?,?,TRUE)").params(device, utc(at), utc(at), lat, lon).update();
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(List.of(params)).query(Long.class).single();
    }

    static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    int port() {
        return port;
    }
}
