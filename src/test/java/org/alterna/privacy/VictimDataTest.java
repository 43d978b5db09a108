package org.alterna.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.alterna.identity.Role;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.alterna.testsupport.ScopeFixture;
import org.alterna.testsupport.ScopeFixture.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The victim's data on the two-sided fixture, with real ids: their positions and home reach only those who protect
 * them — never the person's side (the person's own export), the police outside an open proximity alarm, or the
 * auditor (the audit trail included) — and the victim has a subject-access export of their own that holds nothing of
 * the person under the measure.
 */
class VictimDataTest {

    abstract static class Contract {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        @LocalServerPort
        int port;
        @Autowired
        ApplicationContext context;
        @Autowired
        JdbcClient jdbc;

        ScopeFixture fx;
        Side a;
        Side b;

        @BeforeEach
        void seed() {
            fx = ScopeFixture.of(port, context);
            a = fx.a;
            b = fx.b;
        }

        /** A download as a fixture user: status and every file of the ZIP as text, by name. */
        record Download(int status, String contentType, Map<String, String> files, String body) {
            String all() {
                return files.isEmpty() ? body : String.join("\n", files.values());
            }
        }

        Download download(String user, String path) throws IOException, InterruptedException {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":"
                            + ScopeFixture.PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> files = new LinkedHashMap<>();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/zip")) {
                try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
            return new Download(r.statusCode(), type, files, new String(r.body(), StandardCharsets.UTF_8));
        }

        static List<String> markers(Side s, String... classes) {
            List<String> out = new ArrayList<>();
            for (String c : classes) {
                out.addAll(s.markers().get(c));
            }
            return out;
        }

        @Test
        void theVictimHasAnExportOfTheirOwnWithNothingOfThePerson() throws Exception {
            // someone who protects her reads her details: her export says who did
            assertThat(fx.as(a.user(Role.SUPERVISOR, 1)).get("/api/v1/orders/" + a.orderId + "/victim").status())
                    .isEqualTo(200);
            String path = "/api/v1/orders/" + a.orderId + "/victim/data-export";
            Download export = download(a.user(Role.JUDGE, 1), path);
            assertThat(export.status()).as(export.body()).isEqualTo(200);
            assertThat(export.files()).containsKeys("LEEME.txt", "victim.json", "protection.json", "devices.csv",
                    "positions.csv", "device_events.csv", "alarms.csv", "audit.csv", "manifest.json");
            assertThat(export.files().get("victim.json")).contains(a.victimToken, a.victimDni, a.victimPhone,
                    String.valueOf(a.victimLat), String.valueOf(a.victimLon));
            assertThat(export.files().get("positions.csv")).contains(markers(a, "victim-positions"));
            assertThat(export.files().get("devices.csv")).contains(a.victimDeviceId).doesNotContain(a.deviceId);
            assertThat(export.files().get("alarms.csv")).contains(a.proximityAlarmId).doesNotContain(a.panicAlarmId);
            assertThat(export.files().get("audit.csv")).contains("order.victim.read", a.user(Role.SUPERVISOR, 1));
            assertThat(export.files().get("protection.json")).contains("victimProximityMeters", "200");
            // nothing of the person under the measure: who they are, where they live, where they went
            assertThat(export.all()).doesNotContain(markers(a, "identity", "home", "positions", "breach-evidence"))
                    .doesNotContain(a.personId, a.deviceId);
            assertThat(export.all()).doesNotContain(markers(b, "ids", "identity", "home", "victim", "positions",
                    "victim-positions", "breach-evidence"));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action IN ('victim.export',"
                    + " 'victim.export.completed') AND record_id = ? AND username = ?").params(a.orderId,
                    a.user(Role.JUDGE, 1)).query(Long.class).single()).isGreaterThanOrEqualTo(2);

            // an order without a victim, one out of scope and a missing one answer alike
            String missing = UUID.randomUUID().toString();
            Download absent = download(a.user(Role.JUDGE, 1), "/api/v1/orders/" + missing + "/victim/data-export");
            Download other = download(a.user(Role.JUDGE, 1), "/api/v1/orders/" + b.orderId + "/victim/data-export");
            Download noVictim = download(a.user(Role.JUDGE, 1), "/api/v1/orders/" + a.scratchOrderId
                    + "/victim/data-export");
            assertThat(List.of(absent.status(), other.status(), noVictim.status())).containsOnly(404);
            assertThat(other.body().replace(b.orderId, "{id}")).isEqualTo(absent.body().replace(missing, "{id}"));
            assertThat(noVictim.body().replace(a.scratchOrderId, "{id}")).isEqualTo(absent.body().replace(missing,
                    "{id}"));
            for (Role refused : List.of(Role.OPERATOR, Role.PROSECUTOR, Role.POLICE, Role.AUDITOR)) {
                assertThat(download(a.user(refused, 1), path).status()).as(refused.name()).isEqualTo(403);
            }
        }

        @Test
        void aPanicOfTheVictimsUnitIsTheVictimsNotThePersons() throws Exception {
            String order = fx.newActiveOrder(a, true);
            String personUnit = fx.newDevice(a);
            String victimUnit = fx.newDevice(a);
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Api supervisor = fx.as(a.user(Role.SUPERVISOR, 1));
            for (String[] unit : List.of(new String[] {personUnit, "PERSON_UNIT"},
                    new String[] {victimUnit, "VICTIM_UNIT"})) {
                assertThat(supervisor.post("/api/v1/devices/" + unit[0] + "/assignment", Map.of("orderId", order,
                        "role", unit[1], "from", now.minusSeconds(600).toString())).status()).isEqualTo(201);
            }
            // the victim presses the panic button of their unit: the engine raises it with where they are
            java.time.Instant at = now.minusSeconds(60);
            String panic = context.getBean(org.alterna.alarms.AlarmIntake.class).raise(
                    new org.alterna.alarms.AlarmSignal(UUID.fromString(order), victimUnit, "teltonika-ankle-tag",
                            "PANIC", "victim", at, at, false, List.of(new org.alterna.alarms.EvidenceFix(at,
                                    -6.666666, -79.666666, 8.0, "GPS")))).id().toString();

            Download person = download(a.user(Role.SUPERVISOR, 1), "/api/v1/people/" + a.personId + "/data-export");
            assertThat(person.status()).isEqualTo(200);
            assertThat(person.files().get("orders.json")).contains(order);
            assertThat(person.all()).as("the person's export").doesNotContain("-6.666666", "-79.666666", victimUnit,
                    panic);
            Download victim = download(a.user(Role.JUDGE, 1), "/api/v1/orders/" + order + "/victim/data-export");
            assertThat(victim.files().get("alarms.csv")).contains(panic, "PANIC");
            assertThat(victim.files().get("devices.csv")).contains(victimUnit).doesNotContain(personUnit);
            assertThat(victim.all()).doesNotContain(markers(a, "identity", "home")).doesNotContain(personUnit);

            // while it is open, those who act on it see where the victim is; the court and the prosecutor never
            Api operator = fx.as(a.user(Role.OPERATOR, 1));
            assertThat(operator.get("/api/v1/alarms/" + panic).body()).contains("-6.666666");
            assertThat(fx.as(a.user(Role.POLICE, 1)).get("/api/v1/alarms/" + panic).body()).contains("-6.666666");
            assertThat(fx.as(a.user(Role.JUDGE, 1)).get("/api/v1/alarms/" + panic).body()).doesNotContain("-6.666666");
            // once resolved, nobody is shown where the victim was, and the court's report leaves it out
            assertThat(operator.post("/api/v1/alarms/" + panic + "/acknowledgement", null).status()).isEqualTo(200);
            assertThat(operator.post("/api/v1/alarms/" + panic + "/resolution", Map.of("code", "CONFIRMED_VIOLATION",
                    "note", "se acercó a la víctima (prueba)")).status()).isEqualTo(200);
            assertThat(operator.get("/api/v1/alarms/" + panic).body()).doesNotContain("-6.666666", "-79.666666");
            assertThat(operator.get("/api/v1/alarms?orderId=" + order).body()).doesNotContain("-6.666666");
            assertThat(Api.as(port, "admin").get("/api/v1/alarms/" + panic).body()).doesNotContain("-6.666666");
            String report = jdbc.sql("SELECT content FROM incident_report WHERE alarm_id = ?")
                    .param(UUID.fromString(panic)).query(String.class).single();
            assertThat(report).contains("whereWithheld").doesNotContain("-6.666666", "-79.666666");
            Api.Response reports = fx.as(a.user(Role.JUDGE, 1)).get("/api/v1/incident-reports");
            assertThat(reports.body()).contains(panic).doesNotContain("-6.666666");
        }

        @Test
        void thePersonsSideThePoliceAndTheAuditorNeverGetTheVictimsHomeOrPositions() throws Exception {
            List<String> victim = markers(a, "victim", "victim-positions");
            // the person's side: the export for the person or their defence
            Download person = download(a.user(Role.SUPERVISOR, 1), "/api/v1/people/" + a.personId + "/data-export");
            assertThat(person.status()).isEqualTo(200);
            assertThat(person.all()).contains(a.personToken).doesNotContain(victim).doesNotContain(a.victimDeviceId);

            // the police: the alarm desk, a panic alarm, the current position of the case, the live-less REST views
            Api police = fx.as(a.user(Role.POLICE, 1));
            for (String path : List.of("/api/v1/alarms", "/api/v1/alarms?orderId=" + a.orderId,
                    "/api/v1/alarms/" + a.panicAlarmId, "/api/v1/orders/" + a.orderId + "/current-position")) {
                Api.Response r = police.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).doesNotContain(markers(a, "victim", "home"));
            }
            // ... except in the open proximity alarm they act on
            assertThat(police.get("/api/v1/alarms/" + a.proximityAlarmId).body()).contains(a.victimToken);

            // the auditor: the audit trail holds who looked at the victim, never where she lives or goes
            Api.Response audit = fx.as(a.user(Role.AUDITOR, 1)).get("/api/v1/audit?limit=1000");
            assertThat(audit.status()).isEqualTo(200);
            for (Side s : List.of(a, b)) {
                assertThat(audit.body()).doesNotContain(markers(s, "victim", "victim-positions", "home", "identity",
                        "positions", "breach-evidence"));
            }
            // nor any of the answers an auditor may read of the case
            for (String path : List.of("/api/v1/orders/" + a.orderId, "/api/v1/orders/" + a.orderId + "/history",
                    "/api/v1/orders/" + a.orderId + "/police-access")) {
                assertThat(fx.as(a.user(Role.AUDITOR, 1)).get(path).body()).as(path).doesNotContain(victim);
            }
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Contract {
    }
}
