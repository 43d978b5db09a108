package org.alterna.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The inventory end to end through the API and the gateway, on H2 and PostgreSQL: the lifecycle's guards, CSV import
 * (good and broken files), an installation activated by a real fix with the strap closed, the deadline alarm (on a
 * clock the test moves), the inventory alarm of a unit reporting from the shelf, and the funnel in the caller's scope.
 */
class DeviceInventoryTest {
    private static final AtomicInteger N = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private static final String CUSCO_SUPERVISOR = "supervisora-cusco";
    private static final String PASSWORD = "Supervisora-de-Cusco-2026";
    private static final String CONDITIONS = """
            {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
              "radiusMeters":100,"schedule":[{"days":["MON","TUE","WED","THU","FRI","SAT","SUN"],
              "from":"22:00","to":"06:00"}]}],"noCommunicationMinutes":600}""";

    /** The real time shifted by what a test asks (the installation deadline passes without waiting a day). */
    static final class ShiftedClock extends Clock {
        volatile Duration shift = Duration.ZERO;

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TestConfiguration
    static class Config {
        @Bean
        @Primary
        ShiftedClock shiftedClock() {
            return new ShiftedClock();
        }
    }

    @Import(Config.class)
    @TestPropertySource(properties = "alterna.devices.stock-report-grace=PT0S")
    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        GatewayPorts ports;
        @Autowired
        ShiftedClock clock;
        @Autowired
        Installations installations;
        @Autowired
        JdbcClient jdbc;

        Api admin() {
            return Api.as(port, "admin");
        }

        Api supervisor() {
            return Api.as(port, "supervisor");
        }

        @AfterEach
        void realTime() {
            clock.shift = Duration.ZERO;
        }

        static String imei() {
            return "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        }

        String register(Api as, String model) {
            String id = imei();
            Api.Response r = as.post("/api/v1/devices", Map.of("uniqueId", id, "model", model, "protocol",
                    "teltonika"));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.json().get("status").asString()).isEqualTo("IN_STOCK");
            return id;
        }

        /** A measure of the given court ordered by the judge (an installation is now due); returns its id. */
        String ordered(Api requester, String court, String region, Api judge) {
            return ordered(requester, court, region, judge, "CM-LIMA");
        }

        /** As above, followed by the given monitoring centre (the demo operator's is CM-LIMA). */
        String ordered(Api requester, String court, String region, Api judge, String centre) {
            Api a = admin();
            assertThat(a.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", region, "region", region)).status()).isIn(201, 409);
            String dni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
            Api.Response person = requester.post("/api/v1/people", Map.of("dni", dni, "givenNames", "Rosa",
                    "surnames", "Quispe Mamani", "synthetic", true,
                    "domicile", Map.of("address", "Jr. Los Olivos 12", "lat", -12.12, "lon", -77.03)));
            assertThat(person.status()).as(person.toString()).isEqualTo(201);
            Api.Response order = requester.post("/api/v1/orders", new HashMap<>(Map.of("expediente",
                    "00" + (100 + N.incrementAndGet()) + "-2026-1-1801-JR-PE-01", "courtCode", court, "measureType",
                    "HOUSE_ARREST", "personId", person.json().get("id").stringValue(), "monitoringCentre", centre,
                    "synthetic", true)));
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
            String id = order.json().get("id").stringValue();
            assertThat(requester.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                    "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE")).status()).isEqualTo(200);
            String today = LocalDate.now(ZoneId.of("America/Lima")).toString();
            Api.Response resolution = judge.post("/api/v1/orders/" + id + "/resolution", """
                    {"resolutionNumber":"RES-%d","resolutionDate":"%s","startDate":"%s",
                     "effectiveFrom":"2020-01-01T00:00:00Z","conditions":%s}"""
                    .formatted(ThreadLocalRandom.current().nextInt(1000, 9999), today, today, CONDITIONS));
            assertThat(resolution.status()).as(resolution.toString()).isEqualTo(200);
            return id;
        }

        String orderedInLima() {
            return ordered(supervisor(), "JIP-LIMA-01", "Lima", Api.as(port, "judge"));
        }

        Api cuscoSupervisor() {
            Map<String, Object> user = new HashMap<>(Map.of("username", CUSCO_SUPERVISOR, "password", PASSWORD,
                    "role", "SUPERVISOR", "fullName", "Supervisora INPE Cusco (prueba)", "region", "Cusco",
                    "email", "cusco@prueba.alterna.invalid"));
            assertThat(admin().post("/api/v1/users", user).status()).isIn(201, 409);
            return Api.as(port, CUSCO_SUPERVISOR, PASSWORD);
        }

        String orderedInCusco() {
            return ordered(admin(), "JIP-CUSCO-01", "Cusco", admin());
        }

        JsonNode installation(String orderId) {
            Api.Response r = supervisor().get("/api/v1/installations/" + orderId);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return r.json();
        }

        // -------------------------------------------------------------------------------------- lifecycle

        @Test
        void theLifecycleIsGuardedAndEveryMoveIsOnRecord() {
            Api sup = supervisor();
            String id = register(sup, "teltonika-ankle-tag");
            String path = "/api/v1/devices/" + id + "/status";
            Api.Response notByHand = sup.post(path, Map.of("status", "ACTIVE", "reason", "a mano"));
            assertThat(notByHand.status()).isEqualTo(400);
            assertThat(notByHand.body()).contains("status");
            Api.Response noReason = sup.post(path, Map.of("status", "LOST"));
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(noReason.body()).contains("reason");
            assertThat(sup.post(path, Map.of("status", "LOST", "reason", "no se encuentra en almacén")).json()
                    .get("status").asString()).isEqualTo("LOST");
            Api.Response illegal = sup.post(path, Map.of("status", "REMOVED", "reason", "x"));
            assertThat(illegal.status()).as(illegal.toString()).isEqualTo(409);
            assertThat(sup.post(path, Map.of("status", "IN_STOCK", "reason", "encontrado")).status()).isEqualTo(200);
            assertThat(sup.post(path, Map.of("status", "RETIRED", "reason", "baja por antigüedad")).status())
                    .isEqualTo(200);
            Api.Response afterRetired = sup.post(path, Map.of("status", "IN_STOCK", "reason", "x"));
            assertThat(afterRetired.status()).isEqualTo(409);
            assertThat(afterRetired.body()).contains("RETIRED");

            JsonNode moves = sup.get("/api/v1/devices/" + id + "/movements").json();
            List<String> to = new ArrayList<>();
            moves.forEach(m -> to.add(m.get("to").asString()));
            assertThat(to).containsSubsequence("IN_STOCK", "LOST", "IN_STOCK", "RETIRED");
            moves.forEach(m -> assertThat(m.get("by").asString()).isIn("supervisor", "system"));
            assertThat(moves.toString()).contains("baja por antigüedad");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE record_id = ? AND action = 'device.move'")
                    .param(id).query(Long.class).single()).isEqualTo(3);
            // the Cusco supervisor neither sees nor moves a unit held by Lima: 404 like a missing one
            Api cusco = cuscoSupervisor();
            Api.Response foreign = cusco.post(path, Map.of("status", "IN_STOCK", "reason", "x"));
            Api.Response missing = cusco.post("/api/v1/devices/" + imei() + "/status", Map.of("status", "IN_STOCK",
                    "reason", "x"));
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(cusco.get("/api/v1/devices/" + id + "/movements").status()).isEqualTo(404);
        }

        // -------------------------------------------------------------------------------------- import

        JsonNode importCsv(String csv) {
            Api.Response started = supervisor().send("POST", "/api/v1/device-imports", csv, "text/csv");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            String job = started.json().get("id").asString();
            JsonNode[] last = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                last[0] = supervisor().get("/api/v1/device-imports/" + job).json();
                return List.of("DONE", "FAILED").contains(last[0].get("status").asString());
            });
            return last[0];
        }

        long stored(String... ids) {
            return jdbc.sql("SELECT COUNT(*) FROM device WHERE unique_id IN (:ids)").param("ids", List.of(ids))
                    .query(Long.class).single();
        }

        @Test
        void aGoodFileIsImportedWhole() {
            String a = "IMP" + RUN + "A";
            String b = "IMP" + RUN + "B";
            String c = "IMP" + RUN + "C";
            JsonNode job = importCsv("""
                    unique_id,kind,model,protocol,iccid,firmware,contract,owner,location_type,location
                    %s,ANKLE_TAG,teltonika-ankle-tag,teltonika,8951010000000000001,03.27,CT-2026-01,INPE,WAREHOUSE,Almacén Lima
                    %s,HOME_UNIT,gt06-default,gt06,,,CT-2026-01,INPE,WAREHOUSE,Almacén Lima
                    %s,PHONE,osmand-default,osmand,,,,,,
                    """.formatted(a, b, c));
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("DONE");
            assertThat(job.get("stored").asInt()).isEqualTo(3);
            assertThat(job.get("errorCount").asInt()).isZero();
            assertThat(stored(a, b, c)).isEqualTo(3);
            JsonNode dev = supervisor().get("/api/v1/devices/" + a).json();
            assertThat(dev.get("iccid").asString()).isEqualTo("8951010000000000001");
            assertThat(dev.get("holdingRegion").asString()).isEqualTo("Lima");
            assertThat(dev.get("status").asString()).isEqualTo("IN_STOCK");
        }

        @Test
        void aBrokenFileStoresNothingAndNamesEveryLineAndColumn() {
            String a = "BRK" + RUN + "A";
            String b = "BRK" + RUN + "B";
            JsonNode job = importCsv("""
                    unique_id,model,protocol,kind
                    %s,teltonika-ankle-tag,teltonika,ANKLE_TAG
                    %s,teltonika-ankle-tag,smoke-signals,ANKLE_TAG
                    %s,teltonika-ankle-tag,teltonika,TOASTER
                    %s,teltonika-ankle-tag,teltonika,ANKLE_TAG
                    """.formatted(a, b, "BRK" + RUN + "C", a));
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
            assertThat(job.get("stored").asInt()).isZero();
            List<String> where = new ArrayList<>();
            job.get("errors").forEach(e -> where.add(e.get("line").asInt() + ":" + e.get("column").asString()));
            assertThat(where).contains("3:protocol", "4:kind", "5:unique_id");
            assertThat(stored(a, b)).isZero();
            Api.Response badHeader = supervisor().send("POST", "/api/v1/device-imports", "id,model\nx,y\n",
                    "text/csv");
            assertThat(badHeader.status()).isEqualTo(400);
            assertThat(badHeader.body()).contains("unique_id");
        }

        // -------------------------------------------------------------------------------------- activation

        @Test
        void theFirstValidFixWithTheStrapClosedStartsMonitoring() throws Exception {
            String order = orderedInLima();
            JsonNode due = installation(order);
            assertThat(due.get("status").asString()).isEqualTo("DUE");
            assertThat(Duration.between(Instant.parse(due.get("dueSince").asString()),
                    Instant.parse(due.get("deadline").asString()))).isEqualTo(Duration.ofHours(24));
            String tag = register(supervisor(), "teltonika-ankle-tag");
            Api op = Api.as(port, "operator");
            // the monitoring centre's installers draw on the stock of the order's region only: not another region's
            String cuscoTag = register(cuscoSupervisor(), "teltonika-ankle-tag");
            Api.Response blind = op.put("/api/v1/installations/" + order + "/appointment", Map.of("at",
                    Instant.now().plusSeconds(3600).toString(), "deviceId", cuscoTag));
            assertThat(blind.status()).isEqualTo(400);
            assertThat(blind.body()).contains("deviceId");
            Api.Response appointment = supervisor().put("/api/v1/installations/" + order + "/appointment", Map.of("at",
                    Instant.now().plusSeconds(3600).toString(), "place", "Domicilio", "installer", "operator",
                    "deviceId", tag));
            assertThat(appointment.status()).as(appointment.toString()).isEqualTo(200);
            assertThat(appointment.json().get("status").asString()).isEqualTo("SCHEDULED");
            assertThat(supervisor().get("/api/v1/devices/" + tag).json().get("status").asString())
                    .isEqualTo("RESERVED");
            // a second order cannot take the reserved unit: one order at a time per device
            String other = orderedInLima();
            Api.Response taken = supervisor().put("/api/v1/installations/" + other + "/appointment", Map.of("at",
                    Instant.now().plusSeconds(3600).toString(), "deviceId", tag));
            assertThat(taken.status()).as(taken.toString()).isEqualTo(409);

            Api.Response fitted = op.post("/api/v1/installations/" + order + "/installed", Map.of());
            assertThat(fitted.status()).as(fitted.toString()).isEqualTo(200);
            assertThat(fitted.json().get("status").asString()).isEqualTo("INSTALLED");
            Api.Response step = op.post("/api/v1/installations/" + order + "/checklist/STRAP_CLOSED",
                    Map.of("note", "correa verificada"));
            assertThat(step.status()).isEqualTo(200);
            assertThat(op.post("/api/v1/installations/" + order + "/checklist/STRAP_CLOSED", Map.of()).status())
                    .isEqualTo(409);

            try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(device.login(tag)).isEqualTo(1);
                // strap open (io2 = 1): no activation
                device.send(TeltonikaClient.avlPacketWithIo(List.of(TeltonikaClient.Rec.at(
                        Instant.now().toEpochMilli(), -12.12, -77.03)), 2, 1));
                assertThat(device.readAck()).isEqualTo(1);
                assertThat(installation(order).get("status").asString()).isEqualTo("INSTALLED");
                device.send(TeltonikaClient.avlPacketWithIo(List.of(TeltonikaClient.Rec.at(
                        Instant.now().plusMillis(1000).toEpochMilli(), -12.12, -77.03)), 2, 0));
                assertThat(device.readAck()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(
                    installation(order).get("status").asString()));
            JsonNode active = installation(order);
            assertThat(active.get("orderStatus").asString()).isEqualTo("ACTIVE");
            assertThat(active.get("activatedAt").isNull()).isFalse();
            assertThat(active.get("activationFixAt").isNull()).isFalse();
            assertThat(active.get("scheduledAt").isNull()).isFalse();
            assertThat(active.get("installedAt").isNull()).isFalse();
            assertThat(active.get("installedBy").asString()).isEqualTo("operator");
            assertThat(active.get("checklist").get(0).get("by").asString()).isEqualTo("operator");
            assertThat(supervisor().get("/api/v1/devices/" + tag).json().get("status").asString())
                    .isEqualTo("ACTIVE");
            // the order's monitoring ends: the unit comes off and waits for its return
            Api.Response completed = supervisor().post("/api/v1/orders/" + order + "/completion", Map.of());
            assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
            assertThat(supervisor().get("/api/v1/devices/" + tag).json().get("status").asString())
                    .isEqualTo("REMOVED");
            assertThat(installation(order).get("status").asString()).isEqualTo("CLOSED");
        }

        @Test
        void anOperatorReservesAUnitOfTheOrdersRegionAndReleasesIt() {
            String order = orderedInLima();
            String tag = register(supervisor(), "teltonika-ankle-tag");
            Api op = Api.as(port, "operator");
            assertThat(op.get("/api/v1/devices/" + tag).status()).as("the shelf is not the operator's to browse")
                    .isEqualTo(404);
            Api.Response reserved = op.post("/api/v1/installations/" + order + "/reservation", Map.of("deviceId", tag));
            assertThat(reserved.status()).as(reserved.toString()).isEqualTo(200);
            assertThat(reserved.json().get("deviceId").asString()).isEqualTo(tag);
            assertThat(reserved.json().get("status").asString()).isEqualTo("DUE");
            JsonNode device = supervisor().get("/api/v1/devices/" + tag).json();
            assertThat(device.get("status").asString()).isEqualTo("RESERVED");
            assertThat(device.get("orderId").asString()).isEqualTo(order);
            JsonNode moves = supervisor().get("/api/v1/devices/" + tag + "/movements").json();
            assertThat(moves.get(moves.size() - 1).get("to").asString()).isEqualTo("RESERVED");
            assertThat(moves.get(moves.size() - 1).get("by").asString()).isEqualTo("operator");
            JsonNode audit = Api.as(port, "auditor").get("/api/v1/audit?action=installation.reservation&recordId="
                    + order).json();
            assertThat(audit.findValuesAsString("username")).contains("operator");
            assertThat(audit.findValuesAsString("detail")).anySatisfy(d -> assertThat(d).contains(tag));

            // the lifecycle's guard: a unit reserved for one order is not reserved for another
            String other = orderedInLima();
            Api.Response taken = op.post("/api/v1/installations/" + other + "/reservation", Map.of("deviceId", tag));
            assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
            assertThat(supervisor().get("/api/v1/devices/" + tag).json().get("orderId").asString()).isEqualTo(order);

            // out of scope answers exactly as missing: another region's stock, another centre's order
            String cuscoTag = register(cuscoSupervisor(), "teltonika-ankle-tag");
            Api.Response foreignUnit = op.post("/api/v1/installations/" + other + "/reservation",
                    Map.of("deviceId", cuscoTag));
            Api.Response missingUnit = op.post("/api/v1/installations/" + other + "/reservation",
                    Map.of("deviceId", "NO-SUCH-UNIT"));
            assertThat(foreignUnit.status()).isEqualTo(404);
            assertThat(missingUnit.status()).isEqualTo(404);
            assertThat(foreignUnit.json().get("detail").asString().replace(cuscoTag, "X"))
                    .isEqualTo(missingUnit.json().get("detail").asString().replace("NO-SUCH-UNIT", "X"));
            assertThat(cuscoSupervisor().get("/api/v1/devices/" + cuscoTag).json().get("status").asString())
                    .isEqualTo("IN_STOCK");
            String elsewhere = ordered(supervisor(), "JIP-LIMA-01", "Lima", Api.as(port, "judge"), "CM-AREQUIPA");
            String spare = register(supervisor(), "teltonika-ankle-tag");
            Api.Response foreignOrder = op.post("/api/v1/installations/" + elsewhere + "/reservation",
                    Map.of("deviceId", spare));
            assertThat(foreignOrder.status()).isEqualTo(404);
            assertThat(op.delete("/api/v1/installations/" + elsewhere + "/reservation").status()).isEqualTo(404);
            assertThat(supervisor().get("/api/v1/devices/" + spare).json().get("status").asString())
                    .isEqualTo("IN_STOCK");
            Api.Response missing = op.post("/api/v1/installations/" + java.util.UUID.randomUUID() + "/reservation",
                    Map.of("deviceId", spare));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(Api.as(port, "judge").post("/api/v1/installations/" + order + "/reservation",
                    Map.of("deviceId", spare)).status()).as("a refused role").isEqualTo(403);
            Api.Response noUnit = op.post("/api/v1/installations/" + order + "/reservation", Map.of());
            assertThat(noUnit.status()).isEqualTo(400);
            assertThat(noUnit.json().get("field").asString()).isEqualTo("deviceId");

            // released: back in stock, on record, and nothing left to release
            Api.Response released = op.delete("/api/v1/installations/" + order + "/reservation?reason=caja+equivocada");
            assertThat(released.status()).as(released.toString()).isEqualTo(200);
            assertThat(released.json().hasNonNull("deviceId")).isFalse();
            device = supervisor().get("/api/v1/devices/" + tag).json();
            assertThat(device.get("status").asString()).isEqualTo("IN_STOCK");
            moves = supervisor().get("/api/v1/devices/" + tag + "/movements").json();
            assertThat(moves.get(moves.size() - 1).get("reason").asString()).isEqualTo("caja equivocada");
            assertThat(op.delete("/api/v1/installations/" + order + "/reservation").status()).isEqualTo(409);
            // and the unit can now be reserved for the other order
            assertThat(op.post("/api/v1/installations/" + other + "/reservation", Map.of("deviceId", tag)).status())
                    .isEqualTo(200);
        }

        // -------------------------------------------------------------------------------------- deadline

        @Test
        void anInstallationPastItsDeadlineRaisesOneAlarmForTheSupervisor() {
            String order = orderedInLima();
            clock.shift = Duration.ofHours(23);
            installations.checkDeadlines();
            assertThat(alarms(order, "INSTALLATION_OVERDUE")).isZero();
            clock.shift = Duration.ofHours(25);
            installations.checkDeadlines();
            installations.checkDeadlines();
            assertThat(alarms(order, "INSTALLATION_OVERDUE")).isEqualTo(1);
            assertThat(installation(order).get("overdue").asBoolean()).isTrue();
            Api.Response list = supervisor().get("/api/v1/alarms?orderId=" + order);
            assertThat(list.body()).contains("INSTALLATION_OVERDUE");
        }

        long alarms(String order, String type) {
            return jdbc.sql("SELECT COUNT(*) FROM alarm WHERE order_id = ? AND type = ?")
                    .params(UUID.fromString(order), type).query(Long.class).single();
        }

        // -------------------------------------------------------------------------------------- inventory alarm

        @Test
        void aUnitReportingFromTheShelfRaisesAnInventoryAlarmForItsRegion() throws Exception {
            String shelf = register(supervisor(), "teltonika-ankle-tag");
            try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(device.login(shelf)).isEqualTo(1);
                device.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(Instant.now().toEpochMilli(),
                        -12.05, -77.04))));
                assertThat(device.readAck()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM alarm WHERE device_id = ? AND type = 'STOCK_DEVICE_REPORTING'"
                            + " AND order_id IS NULL").param(shelf).query(Long.class).single() == 1);
            String alarmId = jdbc.sql("SELECT id FROM alarm WHERE device_id = ? AND type = 'STOCK_DEVICE_REPORTING'")
                    .param(shelf).query(UUID.class).single().toString();
            assertThat(supervisor().get("/api/v1/alarms/" + alarmId).status()).isEqualTo(200);
            Api.Response foreign = cuscoSupervisor().get("/api/v1/alarms/" + alarmId);
            Api.Response missing = cuscoSupervisor().get("/api/v1/alarms/" + UUID.randomUUID());
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(Api.as(port, "operator").get("/api/v1/alarms/" + alarmId).status()).isEqualTo(404);
        }

        // -------------------------------------------------------------------------------------- funnel

        @Test
        void theFunnelCountsOnlyTheCallersCases() {
            String lima = orderedInLima();
            String cusco = orderedInCusco();
            Api cuscoSup = cuscoSupervisor();
            JsonNode mine = supervisor().get("/api/v1/funnel?oldest=100").json();
            JsonNode theirs = cuscoSup.get("/api/v1/funnel?oldest=100").json();
            assertThat(mine.get("oldestWaiting").toString()).contains(lima).doesNotContain(cusco);
            assertThat(theirs.get("oldestWaiting").toString()).contains(cusco).doesNotContain(lima);
            assertThat(theirs.get("stages").get(2).get("stage").asString()).isEqualTo("ORDERED");
            assertThat(theirs.get("stages").get(2).get("reached").asInt()).isEqualTo(1);
            assertThat(theirs.get("stages").get(2).get("waitingNow").asInt()).isEqualTo(1);
            assertThat(mine.get("stages").get(0).get("reached").asInt()).isGreaterThanOrEqualTo(1);
            JsonNode all = admin().get("/api/v1/funnel?oldest=100&groupBy=REGION").json();
            List<String> regions = new ArrayList<>();
            all.get("groups").forEach(g -> regions.add(g.get("key").asString()));
            assertThat(regions).contains("Lima", "Cusco");
            // an installation out of scope answers exactly like a missing one
            Api.Response foreign = supervisor().get("/api/v1/installations/" + cusco);
            Api.Response missing = supervisor().get("/api/v1/installations/" + UUID.randomUUID());
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(missing.status()).isEqualTo(404);
            Api.Response csv = cuscoSup.get("/api/v1/funnel/export");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).contains("Etapa").contains("Ordenado").doesNotContain("Lima");
            Api.Response bad = supervisor().get("/api/v1/funnel?groupBy=PLANET");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("groupBy");
            assertThat(Api.as(port, "judge").get("/api/v1/funnel").status()).isEqualTo(403);
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
