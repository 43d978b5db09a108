package org.alterna.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceRegistry;
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
import tools.jackson.databind.JsonNode;

/**
 * The scope policy as an attacker tries it, in the situations the access matrix cannot hold still: a device that
 * served one case and then another, a victim's unit before, during and after a proximity alarm, the assignment
 * rules, the DNI look-up across regions, a prosecutor of the right region but not of the case, the police's
 * authorisation. Each test makes its own orders and devices on the two-sided fixture; the shared ones stay intact.
 */
class ScopePolicyTest {

    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        ApplicationContext context;
        @Autowired
        DeviceRegistry registry;
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

        Api as(Side s, Role role) {
            return fx.as(s.user(role, 1));
        }

        static String masked(String body, String... ids) {
            String out = body;
            for (String id : ids) {
                out = out.replace(id, "{id}");
            }
            return out;
        }

        @Test
        void aDeviceIsAssignedOnlyToAnOrderInScopeThatCanTakeIt() {
            Api supervisor = as(a, Role.SUPERVISOR);
            String device = fx.newDevice(a);
            String order = fx.newActiveOrder(a, false);
            String path = "/api/v1/devices/" + device + "/assignment";

            String missing = UUID.randomUUID().toString();
            Api.Response toMissing = supervisor.post(path, Map.of("orderId", missing, "role", "PERSON_UNIT"));
            Api.Response toOtherSide = supervisor.post(path, Map.of("orderId", b.orderId, "role", "PERSON_UNIT"));
            assertThat(toMissing.status()).as(toMissing.toString()).isEqualTo(400);
            assertThat(toMissing.json().get("field").asString()).isEqualTo("orderId");
            assertThat(masked(toOtherSide.body(), b.orderId)).as("an order out of scope is refused as a missing one")
                    .isEqualTo(masked(toMissing.body(), missing));

            Api.Response requested = supervisor.post(path, Map.of("orderId", fx.newRequestedOrder(a),
                    "role", "PERSON_UNIT"));
            assertThat(requested.status()).as("no measure yet: " + requested).isEqualTo(409);
            Api.Response backdated = supervisor.post(path, Map.of("orderId", order, "role", "PERSON_UNIT",
                    "from", Instant.now().minus(1, ChronoUnit.HOURS).toString()));
            assertThat(backdated.status()).as(backdated.toString()).isEqualTo(400);
            assertThat(backdated.json().get("field").asString()).isEqualTo("from");
            Api.Response victimUnit = supervisor.post(path, Map.of("orderId", order, "role", "VICTIM_UNIT"));
            assertThat(victimUnit.json().get("field").asString()).as(victimUnit.toString()).isEqualTo("role");
            Api.Response wrongResolution = supervisor.post(path, Map.of("orderId", order, "role", "PERSON_UNIT",
                    "resolution", "RES-NOT-OF-THIS-CASE"));
            assertThat(wrongResolution.json().get("field").asString()).as(wrongResolution.toString())
                    .isEqualTo("resolution");

            Api.Response assigned = supervisor.post(path, Map.of("orderId", order, "role", "PERSON_UNIT"));
            assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
            String resolution = supervisor.get("/api/v1/orders/" + order).json().get("resolutionNumber").asString();
            assertThat(assigned.json().get("resolution").asString()).isEqualTo(resolution);
            assertThat(assigned.json().get("assignedBy").asString()).isEqualTo(a.user(Role.SUPERVISOR, 1));
            assertThat(jdbc.sql("SELECT detail FROM audit_entry WHERE action = 'device.assign' AND record_id = ?")
                    .param(device).query(String.class).list()).anyMatch(d -> d.contains(resolution));

            // in use, the device is seen by the operators of the case's centre, not by the other side
            assertThat(as(a, Role.OPERATOR).get("/api/v1/devices/" + device).status()).isEqualTo(200);
            Api.Response otherOperator = as(b, Role.OPERATOR).get("/api/v1/devices/" + device);
            assertThat(otherOperator.status()).isEqualTo(404);
            assertThat(masked(otherOperator.body(), device)).isEqualTo(masked(as(b, Role.OPERATOR)
                    .get("/api/v1/devices/TNOSUCH-1").body(), "TNOSUCH-1"));
            assertThat(as(b, Role.SUPERVISOR).post("/api/v1/devices/" + device + "/unassign", null).status())
                    .isEqualTo(404);
            // back in stock: the holding region's supervisors see it, operators never
            assertThat(supervisor.post("/api/v1/devices/" + device + "/unassign", null).status()).isEqualTo(200);
            assertThat(as(a, Role.OPERATOR).get("/api/v1/devices/" + device).status()).isEqualTo(404);
            assertThat(fx.as(a.user(Role.SUPERVISOR, 2)).get("/api/v1/devices/" + device).status()).isEqualTo(200);
            assertThat(as(b, Role.SUPERVISOR).get("/api/v1/devices/" + device).status()).isEqualTo(404);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'device.unassign' AND record_id = ?")
                    .param(device).query(Long.class).single()).isEqualTo(1);

            Api.Response elsewhere = supervisor.post("/api/v1/devices", Map.of("uniqueId", "TX-" + UUID.randomUUID()
                    .toString().substring(0, 8), "model", "m", "protocol", "gt06", "holdingRegion", b.region));
            assertThat(elsewhere.json().get("field").asString()).as(elsewhere.toString()).isEqualTo("holdingRegion");
        }

        @Test
        void aTrackFollowsTheCaseNotTheDevice() {
            String device = fx.newDevice(a);
            String orderA = fx.newActiveOrder(a, false);
            String orderB = fx.newActiveOrder(b, false);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // the unscoped primitive: a device that served side A's case, then side B's (as a transfer would)
            registry.assign(device, UUID.fromString(orderA), AssignmentRole.PERSON_UNIT, now.minusSeconds(3 * 3600),
                    now.minusSeconds(2 * 3600));
            registry.assign(device, UUID.fromString(orderB), AssignmentRole.PERSON_UNIT, now.minusSeconds(2 * 3600),
                    null);
            double[] inA = {-6.111111, -79.111111};
            double[] inB = {-16.222222, -71.222222};
            fx.store(List.of(ScopeFixture.fixAt(device, now.minusSeconds(150 * 60), inA),
                    ScopeFixture.fixAt(device, now.minusSeconds(60 * 60), inB)));
            String track = "/api/v1/devices/" + device + "/track?from=" + now.minusSeconds(4 * 3600) + "&to="
                    + now.plusSeconds(60);

            String operatorA = as(a, Role.OPERATOR).get(track).body();
            assertThat(operatorA).contains("-6.111111").doesNotContain("-16.222222");
            String operatorB = as(b, Role.OPERATOR).get(track).body();
            assertThat(operatorB).contains("-16.222222").doesNotContain("-6.111111");
            // the supervisor of the region that holds it sees the device, but not the other region's case on it
            String supervisorA = as(a, Role.SUPERVISOR).get(track).body();
            assertThat(supervisorA).contains("-6.111111").doesNotContain("-16.222222");
            assertThat(Api.as(port, "admin").get(track).body()).contains("-6.111111", "-16.222222");
            // the latest state follows the record log with a cursor of its own: it shows the fix within moments
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> as(b, Role.OPERATOR)
                    .get("/api/v1/devices/" + device + "/latest").json().at("/lastFix/latitude").asDouble() != 0.0);
            JsonNode latestA = as(a, Role.OPERATOR).get("/api/v1/devices/" + device + "/latest").json();
            assertThat(latestA.has("lastFix")).as("the latest fix is of the other case").isFalse();
            assertThat(as(b, Role.OPERATOR).get("/api/v1/devices/" + device + "/latest").json()
                    .at("/lastFix/latitude").asDouble()).isEqualTo(-16.222222);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'track.read' AND record_id = ?"
                    + " AND username = ?").params(device, a.user(Role.OPERATOR, 1)).query(Long.class).single())
                    .isEqualTo(1);
        }

        @Test
        void aVictimsUnitIsShownOnlyWhileAProximityAlarmIsOpen() {
            String order = fx.newActiveOrder(a, true);
            String personUnit = fx.newDevice(a);
            String victimUnit = fx.newDevice(a);
            Api supervisor = as(a, Role.SUPERVISOR);
            Instant installed = Instant.now().minusSeconds(10 * 60);
            assertThat(supervisor.post("/api/v1/devices/" + personUnit + "/assignment", Map.of("orderId", order,
                    "role", "PERSON_UNIT", "from", installed.toString())).status()).isEqualTo(201);
            assertThat(supervisor.post("/api/v1/devices/" + victimUnit + "/assignment", Map.of("orderId", order,
                    "role", "VICTIM_UNIT", "from", installed.toString())).status()).isEqualTo(201);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            double[] victimAt = {-6.333333, -79.333333};
            fx.store(List.of(ScopeFixture.fixAt(victimUnit, now.minusSeconds(120), victimAt)));
            String track = "/api/v1/devices/" + victimUnit + "/track?from=" + now.minusSeconds(3600) + "&to="
                    + now.plusSeconds(60);
            Api operator = as(a, Role.OPERATOR);
            assertThat(operator.get(track).json()).as("no proximity alarm: not shown").isEmpty();
            assertThat(operator.get("/api/v1/devices/" + victimUnit + "/latest").json().has("lastFix")).isFalse();

            String proximity = fx.raise(a, order, personUnit, "VICTIM_PROXIMITY", now.minusSeconds(300), "positions");
            String panic = fx.raise(a, order, personUnit, "PANIC", now.minusSeconds(200), "positions");
            assertThat(operator.get(track).body()).as("during the alarm").contains("-6.333333");
            Api police = as(a, Role.POLICE);
            JsonNode forPolice = police.get("/api/v1/alarms/" + proximity).json();
            assertThat(forPolice.at("/victim/address").asString()).contains(a.victimToken);
            assertThat(police.get("/api/v1/alarms/" + panic).json().has("victim"))
                    .as("the victim's contact is part of the proximity alarm only").isFalse();
            assertThat(as(b, Role.POLICE).get("/api/v1/alarms/" + proximity).status()).as("other jurisdiction")
                    .isEqualTo(404);

            Api op = as(a, Role.OPERATOR);
            assertThat(op.post("/api/v1/alarms/" + proximity + "/acknowledgement", null).status()).isEqualTo(200);
            assertThat(op.post("/api/v1/alarms/" + proximity + "/resolution", Map.of("code", "TECHNICAL",
                    "note", "prueba")).status()).isEqualTo(200);
            assertThat(operator.get(track).json()).as("once resolved, no longer").isEmpty();
            assertThat(police.get("/api/v1/alarms/" + proximity).status()).isEqualTo(404);
            assertThat(police.get("/api/v1/alarms/" + panic).body()).doesNotContain(a.victimToken);
        }

        @Test
        void theDniLookUpAndThePeopleStayInsideTheScope() {
            Api supervisor = as(a, Role.SUPERVISOR);
            Api.Response other = supervisor.get("/api/v1/people?dni=" + b.dni);
            Api.Response unknown = supervisor.get("/api/v1/people?dni=00000002");
            assertThat(other.status()).isEqualTo(404);
            assertThat(masked(other.body(), b.dni)).isEqualTo(masked(unknown.body(), "00000002"));
            assertThat(other.body()).doesNotContain(b.personToken, b.homeToken, b.personId);
            // a colleague of the same region sees the person through the order of the region
            assertThat(fx.as(a.user(Role.SUPERVISOR, 2)).get("/api/v1/people?dni=" + a.dni).body())
                    .contains(a.personId);
            // registering the other side's person again says the DNI is taken, not who holds it
            Api.Response twice = supervisor.post("/api/v1/people", Map.of("dni", b.dni, "givenNames", "X",
                    "surnames", "Y"));
            assertThat(twice.status()).isEqualTo(409);
            assertThat(twice.body()).doesNotContain(b.personId);
            assertThat(Api.as(port, "admin").get("/api/v1/people?dni=" + b.dni).body()).contains(b.personId);
        }

        @Test
        void aProsecutorOfTheRegionButNotOfTheCaseSeesNothingOfIt() {
            Api prosecutor = fx.as(a.user(Role.PROSECUTOR, 2));
            for (String path : List.of("/api/v1/orders", "/api/v1/alarms", "/api/v1/incident-reports")) {
                Api.Response r = prosecutor.get(path);
                assertThat(r.status()).as(path).isEqualTo(200);
                for (List<String> markers : a.markers().values()) {
                    assertThat(r.body()).as(path).doesNotContain(markers);
                }
            }
            assertThat(prosecutor.get("/api/v1/orders/" + a.orderId).status()).isEqualTo(404);
            assertThat(prosecutor.get("/api/v1/people/" + a.personId).status()).isEqualTo(404);
            assertThat(prosecutor.get("/api/v1/alarms/" + a.panicAlarmId).status()).isEqualTo(404);
            assertThat(as(a, Role.PROSECUTOR).get("/api/v1/orders/" + a.orderId).status()).isEqualTo(200);
        }

        @Test
        void theAuditorReadsCaseMetadataWithoutThePerson() {
            JsonNode order = as(a, Role.AUDITOR).get("/api/v1/orders/" + b.orderId).json();
            assertThat(order.get("id").asString()).isEqualTo(b.orderId);
            assertThat(order.has("personName")).isFalse();
            assertThat(order.has("personDni")).isFalse();
        }

        @Test
        void onlyTheCourtAuthorisesThePoliceForAStatedPeriodAndReason() {
            String order = fx.newActiveOrder(a, false);
            String path = "/api/v1/orders/" + order + "/police-authorisations";
            Instant until = Instant.now().plusSeconds(3600);
            assertThat(as(a, Role.SUPERVISOR).post(path, Map.of("until", until.toString(), "reason", "x")).status())
                    .isEqualTo(403);
            assertThat(as(b, Role.JUDGE).post(path, Map.of("until", until.toString(), "reason", "x")).status())
                    .isEqualTo(404);
            Api judge = as(a, Role.JUDGE);
            assertThat(judge.post(path, Map.of("until", until.toString())).json().get("field").asString())
                    .isEqualTo("reason");
            assertThat(judge.post(path, Map.of("until", Instant.now().plusSeconds(40L * 86_400).toString(),
                    "reason", "demasiado")).json().get("field").asString()).isEqualTo("until");
            // a police account learns nothing of the order before, and sees no alarm of it
            assertThat(as(a, Role.POLICE).get("/api/v1/alarms?orderId=" + order).json()).isEmpty();
            Api.Response granted = judge.post(path, Map.of("until", until.toString(), "reason",
                    "Búsqueda ordenada por el juzgado", "resolutionNumber", "RES-POL-1"));
            assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
            assertThat(granted.json().get("inForce").asBoolean()).isTrue();
            assertThat(granted.json().get("jurisdiction").asString()).isEqualTo(a.region);
            long id = granted.json().get("id").asLong();
            assertThat(judge.get(path).json().findValuesAsString("reason")).contains("Búsqueda ordenada por el juzgado");
            JsonNode revoked = judge.post(path + "/" + id + "/revocation", Map.of("reason", "operativo terminado"))
                    .json();
            assertThat(revoked.get("inForce").asBoolean()).isFalse();
            assertThat(judge.post(path + "/" + id + "/revocation", null).status()).isEqualTo(409);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE record_id = ? AND action LIKE "
                    + "'order.police-authorisation%'").param(order).query(Long.class).single()).isEqualTo(2);
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
