package org.alterna.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.alterna.alarms.AlarmIntake;
import org.alterna.alarms.AlarmSignal;
import org.alterna.alarms.EvidenceFix;
import org.alterna.alarms.MutableClock;
import org.alterna.alarms.TestClockConfig;
import org.alterna.telemetry.FixPartitions;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Retention with a controllable clock, legal holds, and the subject-access export, over the real API on H2 and on
 * PostgreSQL (where positions are partitioned by month: whole months are dropped, others deleted row by row).
 * Every endpoint is also called with an object outside the caller's scope.
 */
class DataProtectionTest {
    static final Duration FIVE_YEARS = Duration.ofDays(1826);

    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        MutableClock clock;
        @Autowired
        JdbcClient jdbc;
        @Autowired
        Retention retention;
        @Autowired
        FixPartitions partitions;
        @Autowired
        AlarmIntake intake;

        Cases cases;
        Api admin;

        @BeforeEach
        void setUp() {
            clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            cases = new Cases(port, clock, jdbc);
            admin = Api.as(port, "admin");
            cases.court("JIP-LIMA-01", "Lima");
            cases.court("JIP-LIMA-02", "Lima");
            cases.court("JIP-CUSCO-01", "Cusco");
            cases.user("sup-cusco", "SUPERVISOR", null, "Cusco");
            cases.user("judge-cusco", "JUDGE", "JIP-CUSCO-01", null);
        }

        @AfterEach
        void realTime() {
            clock.set(Instant.now());
        }

        long count(String sql, Object... params) {
            return cases.count(sql, params);
        }

        long auditCount(String action, String recordId) {
            return recordId == null ? count("SELECT COUNT(*) FROM audit_entry WHERE action = ?", action)
                    : count("SELECT COUNT(*) FROM audit_entry WHERE action = ? AND record_id = ?", action, recordId);
        }

        UUID alarm(Cases.Case c, String type, Instant at) {
            return intake.raise(new AlarmSignal(UUID.fromString(c.orderId()), c.device(), "FMB920", type,
                    type.equals("EXCLUSION_ZONE") ? "casa-victima" : null, at, at, false,
                    List.of(new EvidenceFix(at, -12.0556, -77.0998, 7.0, "GPS")))).id();
        }

        // ------------------------------------------------------------------ retention

        @Test
        void aCaseIsDeletedFiveYearsAfterItsMeasureEndsUnlessALegalHoldKeepsIt() {
            Instant t0 = Instant.parse("2019-03-04T15:00:00Z");
            clock.set(t0);
            partitions.ensurePartitions(); // PostgreSQL: months 2019-02 .. 2019-06
            Api operator = Api.as(port, "operator");
            Api judge = Api.as(port, "judge");
            Api.Response rule = admin.post("/api/v1/notification-rules", Map.of("name", "Exclusión al centro",
                    "events", List.of("RAISED"), "alarmTypes", List.of("EXCLUSION_ZONE"), "channel", "EMAIL",
                    "addresses", List.of("guardia@inpe.example")));
            assertThat(rule.status()).as(rule.toString()).isEqualTo(201);

            Cases.Case a = cases.active("JIP-LIMA-01", "CM-LIMA", false); // ends, is deleted
            Cases.Case b = cases.active("JIP-LIMA-01", "CM-LIMA", false); // ends, kept by a legal hold
            Cases.Case c = cases.active("JIP-LIMA-01", "CM-LIMA", false); // still running
            cases.fixes(a.device(), t0.plus(1, ChronoUnit.HOURS), 30, -12.12, -77.03);
            cases.fixes(a.device(), Instant.parse("2019-04-10T12:00:00Z"), 40, -12.12, -77.03);
            cases.latestState(a.device(), Instant.parse("2019-05-20T12:00:00Z"), -12.12, -77.03);
            cases.fixes(b.device(), Instant.parse("2019-05-10T12:00:00Z"), 10, -12.13, -77.04);
            cases.fixes(c.device(), t0.plus(3, ChronoUnit.HOURS), 20, -12.14, -77.05);
            String stock = "35" + "9".repeat(13);
            assertThat(admin.post("/api/v1/devices", Map.of("uniqueId", stock, "model", "FMB920",
                    "protocol", "teltonika")).status()).isEqualTo(201);
            cases.fixes(stock, Instant.parse("2019-02-20T12:00:00Z"), 5, -12.0, -77.0); // never assigned
            jdbc.sql("INSERT INTO unknown_device_event (device_id, remote_address, protocol, reason, occurred_at)"
                    + " VALUES ('351111111111111', '198.51.100.7:40000', 'teltonika', 'UNKNOWN', ?)")
                    .param(Cases.utc(t0)).update();
            Api.Response loner = admin.post("/api/v1/people", Map.of("dni", Cases.dni(), "givenNames", "Luis",
                    "surnames", "Sin Orden", "synthetic", true));
            assertThat(loner.status()).isEqualTo(201);
            String lonerId = loner.json().get("id").asString();

            UUID alarmA = alarm(a, "EXCLUSION_ZONE", t0.plus(2, ChronoUnit.HOURS));
            assertThat(operator.post("/api/v1/alarms/" + alarmA + "/acknowledgement", "{}").status()).isEqualTo(200);
            assertThat(operator.post("/api/v1/alarms/" + alarmA + "/resolution", Map.of("code",
                    "CONFIRMED_VIOLATION", "note", "ingresó a la zona")).status()).isEqualTo(200);
            assertThat(admin.post("/api/v1/orders/" + a.orderId() + "/warnings", Map.of("resolutionNumber", "RES-9",
                    "resolutionDate", cases.today().toString(), "text", "Amonestación")).status()).isIn(200, 201);
            // the engine's record of the alarm's end (a RAISED row would be a new breach: the desk would open a ticket)
            jdbc.sql("INSERT INTO supervision_alarm_event (order_id, device_id, alarm_id, kind, type, zone, start_at,"
                    + " late, evidence, recorded_at) VALUES (?,?,'ez-1','CLEARED','EXCLUSION_ZONE','casa-victima',?,"
                    + " FALSE,'[]',?)").params(UUID.fromString(a.orderId()), a.device(), Cases.utc(t0), Cases.utc(t0))
                    .update();
            // a hold placed and lifted again: the case is due, and the lifted hold goes with it
            assertThat(judge.post("/api/v1/orders/" + a.orderId() + "/legal-hold", Map.of("reason",
                    "revisión del expediente")).status()).isEqualTo(200);
            assertThat(judge.post("/api/v1/orders/" + a.orderId() + "/legal-hold/release", Map.of("reason",
                    "revisión concluida")).status()).isEqualTo(200);
            assertThat(count("SELECT COUNT(*) FROM notification_outbox WHERE alarm_id = ?", alarmA)).isPositive();
            assertThat(count("SELECT COUNT(*) FROM incident_report WHERE order_id = ?", UUID.fromString(a.orderId())))
                    .isEqualTo(1);

            Instant ended = Instant.parse("2019-06-03T15:00:00Z");
            clock.set(ended);
            cases.complete(a.orderId());
            cases.complete(b.orderId());
            assertThat(judge.post("/api/v1/orders/" + b.orderId() + "/legal-hold", Map.of("reason",
                    "apelación en trámite, Exp. 123-2019")).status()).isEqualTo(200);
            long runsBefore = auditCount("retention.run", null);

            // an hour before five years: the cases stay; what belongs to no case and is older goes
            clock.set(ended.plus(FIVE_YEARS).minus(1, ChronoUnit.HOURS));
            Retention.Report first = retention.run();
            assertThat(first.casesDeleted()).isEmpty();
            assertThat(count("SELECT COUNT(*) FROM judicial_order WHERE id = ?", UUID.fromString(a.orderId())))
                    .isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", a.device())).isEqualTo(70);
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", stock)).isZero();
            assertThat(count("SELECT COUNT(*) FROM unknown_device_event WHERE device_id = '351111111111111'")).isZero();
            assertThat(count("SELECT COUNT(*) FROM person WHERE id = ?", UUID.fromString(lonerId))).isZero();
            assertThat(first.rowsDeleted().get("fixes")).isGreaterThanOrEqualTo(5);

            // an hour after: case A goes, everywhere; B is held; C still runs
            clock.set(ended.plus(FIVE_YEARS).plus(1, ChronoUnit.HOURS));
            Retention.Report second = retention.run();
            UUID orderA = UUID.fromString(a.orderId());
            assertThat(second.casesDeleted()).containsExactly(orderA);
            assertThat(second.casesKeptByHold()).containsExactly(UUID.fromString(b.orderId()));
            assertThat(second.rowsDeleted().get("judicial_order")).isEqualTo(1);
            assertThat(second.rowsDeleted().get("person")).isGreaterThanOrEqualTo(1);
            assertThat(second.rowsDeleted().get("fixes")).isGreaterThanOrEqualTo(70);
            for (String table : List.of("judicial_order WHERE id = ?", "order_conditions WHERE order_id = ?",
                    "order_transition WHERE order_id = ?", "viability_report WHERE order_id = ?",
                    "order_warning WHERE order_id = ?", "legal_hold WHERE order_id = ?",
                    "device_assignment WHERE order_id = ?", "alarm WHERE order_id = ?",
                    "incident_report WHERE order_id = ?", "supervision_alarm_event WHERE order_id = ?")) {
                assertThat(count("SELECT COUNT(*) FROM " + table, orderA)).as(table).isZero();
            }
            for (String table : List.of("alarm_evidence", "alarm_history", "alarm_step", "notification_outbox")) {
                assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE alarm_id = ?", alarmA)).as(table).isZero();
            }
            assertThat(count("SELECT COUNT(*) FROM person WHERE id = ?", UUID.fromString(a.personId()))).isZero();
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", a.device())).isZero();
            assertThat(count("SELECT COUNT(*) FROM device_state WHERE device_id = ?", a.device())).isZero();
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", b.device())).isEqualTo(10);
            assertThat(count("SELECT COUNT(*) FROM judicial_order WHERE id = ?", UUID.fromString(b.orderId())))
                    .isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", c.device())).isEqualTo(20);
            assertThat(count("SELECT COUNT(*) FROM person WHERE id = ?", UUID.fromString(c.personId()))).isEqualTo(1);

            // every run audited, with the rows per table; each deleted case on its own
            assertThat(auditCount("retention.run", null)).isEqualTo(runsBefore + 2);
            String runDetail = jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'retention.run'"
                    + " ORDER BY seq DESC LIMIT 1").query(String.class).single();
            assertThat(runDetail).contains("judicial_order 1").contains("cases deleted: 1")
                    .contains("cases kept by a legal hold: [" + b.orderId() + "]");
            String caseDetail = jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'retention.purge'"
                    + " AND record_id = ?").param(a.orderId()).query(String.class).single();
            assertThat(caseDetail).contains("judicial_order 1").contains("alarm 1").contains("incident_report 1")
                    .contains("order_warning 1").contains("person 1");

            // the hold is lifted: the next run deletes B
            assertThat(judge.post("/api/v1/orders/" + b.orderId() + "/legal-hold/release", Map.of("reason",
                    "sentencia firme")).status()).isEqualTo(200);
            Retention.Report third = retention.run();
            assertThat(third.casesDeleted()).containsExactly(UUID.fromString(b.orderId()));
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", b.device())).isZero();
            assertThat(count("SELECT COUNT(*) FROM fixes WHERE device_id = ?", c.device())).isEqualTo(20);
            admin.delete("/api/v1/notification-rules/" + rule.json().get("id").asString());
            whole(first, second, third);
        }

        /**
         * Every table that holds data of a case, a person, an alarm or a device is one the retention job deletes from:
         * a new table with such a column fails here until it is added to {@link Retention} (and to the export).
         */
        @Test
        void everyTableWithCaseOrDeviceDataIsCoveredByRetention() {
            List<String> tables = jdbc.sql("SELECT DISTINCT LOWER(table_name) FROM information_schema.columns"
                    + " WHERE LOWER(table_schema) = 'public' AND LOWER(column_name) IN"
                    + " ('order_id', 'person_id', 'alarm_id', 'device_id', 'report_id')").query(String.class).list();
            List<String> uncovered = tables.stream()
                    .filter(t -> !Retention.TABLES.contains(t) && !t.matches("fixes_(p\\d{6}|default)"))
                    .sorted().toList();
            assertThat(uncovered).as("tables holding case, person, alarm or device data that retention does not"
                    + " delete from (add them to Retention and SubjectAccessExport)").isEmpty();
            assertThat(tables).contains("fixes", "judicial_order", "alarm_evidence", "device_state");
        }

        /** On PostgreSQL, months in which nothing had to stay were dropped whole. */
        void whole(Retention.Report first, Retention.Report second, Retention.Report third) {
        }

        // ------------------------------------------------------------------ legal holds

        @Test
        void aLegalHoldIsPlacedAndLiftedWithAReasonByThoseInScopeOnly() {
            Cases.Case h = cases.active("JIP-LIMA-01", "CM-LIMA", false);
            String path = "/api/v1/orders/" + h.orderId() + "/legal-hold";
            Api judge = Api.as(port, "judge");
            Api supervisor = Api.as(port, "supervisor");
            Api otherCourt = Api.as(port, "judge2");
            Api otherRegion = Cases.as(port, "sup-cusco");

            Api.Response noReason = judge.post(path, Map.of("reason", " "));
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(noReason.json().get("field").asString()).isEqualTo("reason");
            assertThat(otherCourt.post(path, Map.of("reason", "apelación")).status()).isEqualTo(404);
            assertThat(Cases.as(port, "judge-cusco").post(path, Map.of("reason", "apelación")).status()).isEqualTo(404);
            assertThat(otherRegion.get(path).status()).isEqualTo(404);
            for (String refused : List.of("operator", "prosecutor", "police", "auditor")) {
                assertThat(Api.as(port, refused).get(path).status()).as(refused).isEqualTo(403);
                assertThat(Api.as(port, refused).post(path, Map.of("reason", "x y z")).status()).as(refused)
                        .isEqualTo(403);
            }
            assertThat(admin.get("/api/v1/orders/" + UUID.randomUUID() + "/legal-hold").status()).isEqualTo(404);

            Api.Response placed = judge.post(path, Map.of("reason", "apelación en trámite"));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(200);
            assertThat(placed.json().get("held").asBoolean()).isTrue();
            assertThat(placed.json().at("/current/placedBy").asString()).isEqualTo("judge");
            assertThat(judge.post(path, Map.of("reason", "otra vez")).status()).isEqualTo(409);
            assertThat(supervisor.get(path).json().get("held").asBoolean()).isTrue();
            assertThat(otherRegion.post(path + "/release", Map.of("reason", "no es mío")).status()).isEqualTo(404);
            assertThat(otherCourt.post(path + "/release", Map.of("reason", "no es mío")).status()).isEqualTo(404);

            Api.Response lifted = supervisor.post(path + "/release", Map.of("reason", "resuelto por la Sala"));
            assertThat(lifted.status()).as(lifted.toString()).isEqualTo(200);
            assertThat(lifted.json().get("held").asBoolean()).isFalse();
            assertThat(lifted.json().at("/history/0/liftedBy").asString()).isEqualTo("supervisor");
            assertThat(lifted.json().at("/history/0/liftReason").asString()).isEqualTo("resuelto por la Sala");
            assertThat(supervisor.post(path + "/release", Map.of("reason", "otra vez")).status()).isEqualTo(409);
            assertThat(jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'legal-hold.place' AND record_id = ?")
                    .param(h.orderId()).query(String.class).list()).containsExactly("apelación en trámite");
            assertThat(jdbc.sql("SELECT username FROM audit_entry WHERE action = 'legal-hold.lift' AND record_id = ?")
                    .param(h.orderId()).query(String.class).list()).containsExactly("supervisor");

            // once the measure ends, the view says from when the case may be deleted
            assertThat(admin.get(path).json().has("deletableFrom")).isFalse();
            cases.complete(h.orderId());
            JsonNode ended = admin.get(path).json();
            assertThat(Instant.parse(ended.get("deletableFrom").asString()))
                    .isEqualTo(Instant.parse(ended.get("measureEndedAt").asString()).plus(FIVE_YEARS));
        }

        // ------------------------------------------------------------------ subject access

        record Download(int status, Map<String, byte[]> files, String raw) {
            String text(String name) {
                return new String(files.get(name), StandardCharsets.UTF_8);
            }

            List<CSVRecord> csv(String name) throws IOException {
                return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(new java.io.StringReader(text(name))).getRecords();
            }
        }

        Download download(String user, String personId) throws Exception {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/people/" + personId + "/data-export"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + Cases.password(user))
                            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, byte[]> files = new LinkedHashMap<>();
            StringBuilder raw = new StringBuilder();
            if (r.statusCode() == 200) {
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
                assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
                try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        byte[] content = zip.readAllBytes();
                        files.put(e.getName(), content);
                        raw.append(new String(content, StandardCharsets.UTF_8)).append('\n');
                    }
                }
            }
            return new Download(r.statusCode(), files, raw.toString());
        }

        @Test
        void thePersonsDataAreExportedToThoseInScopeWithoutTheVictims() throws Exception {
            Instant now = clock.instant();
            clock.set(now.minus(3, ChronoUnit.HOURS)); // the case began three hours ago
            Cases.Case l = cases.active("JIP-LIMA-01", "CM-LIMA", true);
            String victimUnit = cases.device(l.orderId(), "VICTIM_UNIT");
            clock.set(now);
            Instant t = now.minus(2, ChronoUnit.HOURS);
            cases.fixes(l.device(), t, 25, -12.12, -77.03);
            cases.fixes(victimUnit, t, 7, -11.5, -76.5);
            UUID alarm = alarm(l, "EXCLUSION_ZONE", t.plus(10, ChronoUnit.MINUTES));
            assertThat(Api.as(port, "operator").post("/api/v1/alarms/" + alarm + "/acknowledgement", "{}").status())
                    .isEqualTo(200);
            assertThat(Api.as(port, "judge").post("/api/v1/orders/" + l.orderId() + "/warnings", Map.of(
                    "resolutionNumber", "RES-77", "resolutionDate", cases.today().toString(),
                    "text", "Primera amonestación")).status()).isIn(200, 201);
            Cases.Case k = cases.active("JIP-CUSCO-01", "CM-CUSCO", false);
            Api.Response alone = admin.post("/api/v1/people", Map.of("dni", Cases.dni(), "givenNames", "Sin",
                    "surnames", "Caso", "synthetic", true));
            String aloneId = alone.json().get("id").asString();

            // scope: 404 exactly as a missing person; roles outside the access table: 403
            assertThat(download("admin", UUID.randomUUID().toString()).status()).isEqualTo(404);
            assertThat(download("supervisor", k.personId()).status()).isEqualTo(404);
            assertThat(download("supervisor", aloneId).status()).isEqualTo(404);
            assertThat(download("sup-cusco", l.personId()).status()).isEqualTo(404);
            assertThat(download("judge2", l.personId()).status()).isEqualTo(404);
            assertThat(download("judge-cusco", l.personId()).status()).isEqualTo(404);
            for (String refused : List.of("operator", "prosecutor", "police", "auditor")) {
                assertThat(download(refused, l.personId()).status()).as(refused).isEqualTo(403);
            }
            assertThat(download("sup-cusco", k.personId()).status()).isEqualTo(200);
            assertThat(download("judge-cusco", k.personId()).status()).isEqualTo(200);
            assertThat(download("judge", l.personId()).status()).isEqualTo(200);
            Download none = download("admin", aloneId);
            assertThat(none.status()).isEqualTo(200);
            assertThat(Api.JSON.readTree(none.files().get("orders.json")).size()).isZero();

            Download d = download("supervisor", l.personId());
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.files().keySet()).containsExactly("LEEME.txt", "person.json", "orders.json", "devices.csv",
                    "positions.csv", "device_events.csv", "alarms.csv", "alarm_actions.csv", "alarm_checklist.csv",
                    "alarm_evidence.csv",
                    "engine_events.csv", "incident_reports.json", "notifications.csv", "court_documents.csv", "audit.csv",
                    "manifest.json");
            JsonNode person = Api.JSON.readTree(d.files().get("person.json"));
            assertThat(person.get("dni").asString()).isEqualTo(l.dni());
            assertThat(person.get("address").asString()).isEqualTo("Jr. Los Olivos 12");
            JsonNode orders = Api.JSON.readTree(d.files().get("orders.json"));
            assertThat(orders.size()).isEqualTo(1);
            assertThat(orders.get(0).get("id").asString()).isEqualTo(l.orderId());
            assertThat(orders.get(0).get("transitions").size()).isGreaterThanOrEqualTo(4);
            assertThat(orders.get(0).get("warnings").get(0).get("warningText").asString())
                    .isEqualTo("Primera amonestación");
            JsonNode zones = orders.get(0).at("/conditions/0/conditions/zones");
            assertThat(zones.get(0).at("/geometry/type").asString()).isEqualTo("Point");
            assertThat(zones.get(1).get("type").asString()).isEqualTo("EXCLUSION");
            assertThat(zones.get(1).has("geometry")).isFalse();
            assertThat(zones.get(1).get("geometryWithheld").asBoolean()).isTrue();

            assertThat(d.csv("devices.csv")).extracting(r -> r.get("device_id")).containsExactly(l.device());
            List<CSVRecord> positions = d.csv("positions.csv");
            assertThat(positions).hasSize(25);
            assertThat(positions).allSatisfy(r -> assertThat(r.get("device_id")).isEqualTo(l.device()));
            assertThat(positions.get(0).get("device_time")).endsWith("-05:00"); // America/Lima, with its offset
            assertThat(d.csv("alarms.csv")).extracting(r -> r.get("id")).containsExactly(alarm.toString());
            assertThat(d.csv("alarm_actions.csv")).isNotEmpty();
            assertThat(d.csv("alarm_evidence.csv")).hasSize(1);
            List<CSVRecord> audit = d.csv("audit.csv");
            assertThat(audit).anySatisfy(r -> {
                assertThat(r.get("action")).isEqualTo("order.create");
                assertThat(r.get("record_id")).isEqualTo(l.orderId());
            });
            assertThat(audit).anySatisfy(r -> {
                assertThat(r.get("action")).isEqualTo("person.export");
                assertThat(r.get("username")).isEqualTo("supervisor");
            });
            JsonNode manifest = Api.JSON.readTree(d.files().get("manifest.json"));
            assertThat(manifest.at("/rows/positions.csv").asLong()).isEqualTo(25);
            assertThat(manifest.get("generatedBy").asString()).isEqualTo("supervisor");

            // nothing of the victim: identity, phone, unit, positions
            assertThat(d.raw()).doesNotContain("Vilcapoma").doesNotContain("999 000 111").doesNotContain(victimUnit)
                    .doesNotContain("-11.5").doesNotContain("-77.0999").doesNotContain("Reservada");

            // the download is audited, by whom and what it covered
            assertThat(jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'person.export' AND record_id = ?"
                    + " AND username = 'supervisor'").param(l.personId()).query(String.class).list())
                    .anySatisfy(detail -> assertThat(detail).contains(l.orderId()));
            assertThat(auditCount("person.export.completed", l.personId())).isGreaterThanOrEqualTo(2);
        }
    }

    @Nested
    @H2Test
    @Import(TestClockConfig.class)
    @TestPropertySource(properties = "alterna.jobs.enabled=false")
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    @Import(TestClockConfig.class)
    @TestPropertySource(properties = "alterna.jobs.enabled=false")
    class OnPostgres extends Contract {
        @Override
        void whole(Retention.Report first, Retention.Report second, Retention.Report third) {
            assertThat(first.partitionsDropped()).contains("fixes_p201902"); // only the unassigned device
            assertThat(second.partitionsDropped()).contains("fixes_p201904"); // only case A
            assertThat(third.partitionsDropped()).contains("fixes_p201905"); // only case B
            assertThat(partitions.partitions()).contains("fixes_p201903"); // case C still runs
        }
    }
}
