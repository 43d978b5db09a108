package org.alterna.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * The police and a person's current position (model: Brazil's CNJ Res. 412/2021), over real HTTP with real ids on the
 * two-sided fixture: nothing without an open critical alarm of their jurisdiction or a judge's authorisation in
 * force, and each look logged with who, when, on what basis and what, for the judge on the order and in the audit
 * trail. An order out of their jurisdiction, one without a basis and a missing one answer alike.
 */
class PoliceAccessTest {

    abstract static class Contract {
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

        Api as(Side s, Role role) {
            return fx.as(s.user(role, 1));
        }

        static String masked(String body, String id) {
            return body.replace(id, "{id}");
        }

        long restAccesses(String order) {
            return jdbc.sql("SELECT COUNT(*) FROM police_access WHERE order_id = ? AND channel = 'REST'")
                    .param(UUID.fromString(order)).query(Long.class).single();
        }

        @Test
        void thePoliceSeeTheCurrentPositionOnlyOnAnOpenCriticalAlarmOrAJudgesAuthorisation() {
            String order = fx.newActiveOrder(a, false);
            String device = fx.newDevice(a);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            assertThat(as(a, Role.SUPERVISOR).post("/api/v1/devices/" + device + "/assignment", Map.of("orderId",
                    order, "role", "PERSON_UNIT", "from", now.minusSeconds(600).toString())).status()).isEqualTo(201);
            double[] here = {-6.444444, -79.444444};
            fx.store(List.of(ScopeFixture.fixAt(device, now.minusSeconds(60), here)));
            String path = "/api/v1/orders/" + order + "/current-position";
            String missing = UUID.randomUUID().toString();
            Api police = as(a, Role.POLICE);
            Api otherPolice = as(b, Role.POLICE);

            // the monitoring centre of the case sees it; the police, without a basis, find no such case
            // the latest state follows the stored records a moment later
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(as(a, Role.OPERATOR).get(path).json().at("/position/lat").asDouble())
                            .isEqualTo(-6.444444));
            assertThat(as(b, Role.OPERATOR).get(path).status()).isEqualTo(404);
            Api.Response none = police.get(path);
            Api.Response absent = police.get("/api/v1/orders/" + missing + "/current-position");
            assertThat(none.status()).as(none.toString()).isEqualTo(404);
            assertThat(masked(none.body(), order)).isEqualTo(masked(absent.body(), missing));
            assertThat(none.body()).doesNotContain("-6.444444");

            // a judge's authorisation for a stated period and reason: the police of the jurisdiction, until revoked
            Api judge = as(a, Role.JUDGE);
            Api.Response granted = judge.post("/api/v1/orders/" + order + "/police-authorisations", Map.of("until",
                    now.plusSeconds(3600).toString(), "reason", "Búsqueda ordenada por el juzgado (prueba)"));
            assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
            String authorisation = String.valueOf(granted.json().get("id").asLong());
            JsonNode seen = police.get(path).json();
            assertThat(seen.at("/position/lat").asDouble()).as(seen.toString()).isEqualTo(-6.444444);
            assertThat(seen.at("/position/lon").asDouble()).isEqualTo(-79.444444);
            assertThat(seen.get("basis").asString()).isEqualTo("AUTHORISATION");
            assertThat(seen.get("reference").asString()).isEqualTo(authorisation);
            assertThat(seen.has("authorisedUntil")).isTrue();
            assertThat(seen.toString()).as("the position only: no zones, no home").doesNotContain("zones", "address",
                    "home");
            Api.Response elsewhere = otherPolice.get(path);
            assertThat(elsewhere.status()).as("another jurisdiction").isEqualTo(404);
            assertThat(masked(elsewhere.body(), order)).isEqualTo(masked(otherPolice.get("/api/v1/orders/" + missing
                    + "/current-position").body(), missing));
            assertThat(restAccesses(order)).as("logged once, for the one answer given").isEqualTo(1);

            assertThat(judge.post("/api/v1/orders/" + order + "/police-authorisations/" + authorisation
                    + "/revocation", Map.of("reason", "operativo terminado")).status()).isEqualTo(200);
            assertThat(police.get(path).status()).as("revoked").isEqualTo(404);

            // an alarm that is not critical gives no basis; a critical one does while it is open
            String battery = fx.raise(a, order, device, "LOW_BATTERY", now.minusSeconds(40), "positions");
            assertThat(police.get(path).status()).as("low battery is not critical").isEqualTo(404);
            String panic = fx.raise(a, order, device, "PANIC", now.minusSeconds(30), "positions");
            JsonNode onAlarm = police.get(path).json();
            assertThat(onAlarm.get("basis").asString()).as(onAlarm.toString()).isEqualTo("ALARM");
            assertThat(onAlarm.get("reference").asString()).isEqualTo(panic);
            assertThat(onAlarm.at("/position/lat").asDouble()).isEqualTo(-6.444444);
            assertThat(otherPolice.get(path).status()).isEqualTo(404);
            Api operator = as(a, Role.OPERATOR);
            assertThat(operator.post("/api/v1/alarms/" + panic + "/acknowledgement", null).status()).isEqualTo(200);
            assertThat(operator.post("/api/v1/alarms/" + panic + "/resolution", Map.of("code", "FALSE_ALARM",
                    "note", "prueba")).status()).isEqualTo(200);
            assertThat(police.get(path).status()).as("resolved").isEqualTo(404);
            assertThat(battery).isNotNull();

            // every look is listed for the judge: who, when, on what basis, what was shown
            assertThat(restAccesses(order)).isEqualTo(2);
            JsonNode log = judge.get("/api/v1/orders/" + order + "/police-access").json();
            List<JsonNode> rest = new java.util.ArrayList<>();
            log.forEach(x -> {
                if (x.get("channel").asString().equals("REST")) {
                    rest.add(x);
                }
            });
            assertThat(rest).hasSize(2);
            assertThat(rest).allSatisfy(x -> {
                assertThat(x.get("username").asString()).isEqualTo(a.user(Role.POLICE, 1));
                assertThat(x.get("what").asString()).startsWith("current position of ");
                assertThat(x.has("at")).isTrue();
            });
            assertThat(rest.get(0).get("basis").asString()).isEqualTo("ALARM");
            assertThat(rest.get(0).get("reference").asString()).isEqualTo(panic);
            assertThat(rest.get(1).get("basis").asString()).isEqualTo("AUTHORISATION");
            assertThat(rest.get(1).get("reference").asString()).isEqualTo(authorisation);
            assertThat(as(b, Role.JUDGE).get("/api/v1/orders/" + order + "/police-access").status()).isEqualTo(404);
            // and in the audit trail, as the police account
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'police.access' AND record_id = ?"
                    + " AND username = ? AND detail LIKE 'REST %current position%'").params(order,
                    a.user(Role.POLICE, 1)).query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = 'location.read' AND record_id = ?"
                    + " AND username = ?").params(order, a.user(Role.POLICE, 1)).query(Long.class).single())
                    .isEqualTo(2);
        }

        @Test
        void thePoliceNeverGetTheVictimsUnitAsTheCurrentPosition() {
            String order = fx.newActiveOrder(a, true);
            String personUnit = fx.newDevice(a);
            String victimUnit = fx.newDevice(a);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Api supervisor = as(a, Role.SUPERVISOR);
            assertThat(supervisor.post("/api/v1/devices/" + victimUnit + "/assignment", Map.of("orderId", order,
                    "role", "VICTIM_UNIT", "from", now.minusSeconds(600).toString())).status()).isEqualTo(201);
            fx.store(List.of(ScopeFixture.fixAt(victimUnit, now.minusSeconds(30), new double[] {-6.555555,
                    -79.555555})));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM device_state WHERE device_id = ? AND fix_device_time IS NOT NULL")
                    .param(victimUnit).query(Long.class).single() == 1);
            String proximity = fx.raise(a, order, personUnit, "VICTIM_PROXIMITY", now.minusSeconds(20), "positions");
            String path = "/api/v1/orders/" + order + "/current-position";
            // no person's unit on the case yet: the police learn there is no position, not the victim's
            JsonNode seen = as(a, Role.POLICE).get(path).json();
            assertThat(seen.get("basis").asString()).as(seen.toString()).isEqualTo("ALARM");
            assertThat(seen.get("reference").asString()).isEqualTo(proximity);
            assertThat(seen.has("position")).isFalse();
            assertThat(seen.toString()).doesNotContain("-6.555555", a.victimToken, a.victimDni);
            assertThat(jdbc.sql("SELECT what FROM police_access WHERE order_id = ? AND channel = 'REST'")
                    .param(UUID.fromString(order)).query(String.class).list()).containsExactly(
                            "current position: none known");
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
