package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.alterna.telemetry.FixStore;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve --demo}: the seed (real establishments, synthetic cases of every kind), a fleet whose fixes are stored,
 * and the first alarm on the desk: the breach of the person under house arrest who is already out when the demo
 * starts, found by the engine in the track their tag uploaded through the gateway.
 */
@H2Test
@TestPropertySource(properties = {"alterna.demo.enabled=true", "alterna.demo.seed=true",
    "alterna.demo.fleet.enabled=true", "alterna.demo.fleet.devices=5", "alterna.demo.fleet.interval=1s",
    "alterna.demo.incidents=12"})
class DemoModeTest {
    @LocalServerPort
    int port;
    @Autowired
    DemoMode demo;
    @Autowired
    FixStore store;

    @Test
    void seedsRealEstablishmentsAndSyntheticCasesOfEveryKindThenTheFleetsFixesAreStored() throws Exception {
        // the first alarm: the person under house arrest who is already out when the demo starts
        Api operator = Api.as(port, "operator");
        // (how soon is measured on a virtual clock in DemoIncidentsTest and for real in docs/benchmarks.md: here the
        // seed competes with the whole build for the machine)
        JsonNode alarms = await("an alarm on the desk").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250)).until(() -> operator.get("/api/v1/alarms").json(),
                        list -> !list.isEmpty());
        JsonNode first = alarms.get(0);
        assertThat(first.get("type").stringValue()).isEqualTo("INCLUSION_ZONE");
        DemoIncidents.Incident out = DemoIncidents.people(2026, 12).get(0);
        assertThat(first.get("personName").stringValue()).contains(out.person().givenNames);
        // raised from the walk the tag recorded before the start and uploaded at once: late, the breach long begun
        assertThat(first.get("late").booleanValue()).isTrue();
        assertThat(java.time.Instant.parse(first.get("conditionStart").stringValue()))
                .isBefore(java.time.Instant.parse(first.get("createdAt").stringValue()).minus(Duration.ofMinutes(3)));

        demo.ready().get(180, TimeUnit.SECONDS);
        Api admin = Api.as(port, "admin");

        JsonNode centres = admin.get("/api/v1/penal-centres").json();
        assertThat(centres.at("/totals/establishments").intValue()).isEqualTo(69);
        assertThat(centres.at("/totals/capacity").longValue()).isEqualTo(41_764);
        assertThat(centres.at("/totals/population").longValue()).isEqualTo(103_717);
        assertThat(centres.get("figuresDate").stringValue()).isEqualTo("2026-01-31");

        for (String user : List.of("admin", "supervisor", "operator", "judge", "judge2", "prosecutor", "police", "auditor")) {
            assertThat(Api.as(port, user).get("/api/v1/me").status()).as(user).isEqualTo(200);
        }
        assertThat(admin.get("/api/v1/courts/JIP-LIMA-01").json().get("name").stringValue()).contains("(sintético)");
        assertThat(admin.get("/api/v1/courts/JIP-LIMA-02").status()).isEqualTo(200);

        JsonNode orders = admin.get("/api/v1/orders?size=200").json();
        Set<String> measures = new HashSet<>();
        Set<String> statuses = new HashSet<>();
        for (JsonNode o : orders.get("items")) {
            measures.add(o.get("measureType").stringValue());
            statuses.add(o.get("status").stringValue());
            assertThat(o.get("synthetic").booleanValue()).isTrue();
        }
        assertThat(measures).containsExactlyInAnyOrderElementsOf(SimulatedPerson.MEASURES);
        assertThat(statuses).containsExactlyInAnyOrderElementsOf(Registrar.FUNNEL);
        long total = orders.get("total").longValue();
        // fleet, funnel in Lima, funnel in the other regions, people who breach in turn
        assertThat(total).isEqualTo(5 + 14 + 7 * DemoMode.FUNNEL_REGIONS.size() + 12);
        // the judge of court 01 sees its cases only; the protection order has a victim
        JsonNode mine = Api.as(port, "judge").get("/api/v1/orders?size=200").json();
        assertThat(mine.get("total").longValue()).isBetween(1L, total - 1);
        assertThat(orders.get("items").findValues("hasVictim").stream().anyMatch(JsonNode::booleanValue)).isTrue();

        JsonNode devices = admin.get("/api/v1/devices?limit=1000").json();
        long installed = 0;
        long stock = 0;
        for (JsonNode d : devices) {
            if (d.get("currentAssignment") == null || d.get("currentAssignment").isNull()) {
                stock++;
            } else {
                installed++;
            }
        }
        assertThat(stock).isEqualTo(DemoMode.STOCK_DEVICES);
        // + the suspended cases' tags + the units of the people who breach in turn and of their victims
        assertThat(installed).isEqualTo(demo.fleetTags().size() + 2 + DemoMode.FUNNEL_REGIONS.size() + 12 + 2);

        // the activation funnel tells a story on first start: cases at every stage, spread over the past weeks, in
        // several establishments, some ordered and still not installed past their deadline
        JsonNode funnel = Api.as(port, "supervisor").get("/api/v1/funnel?oldest=100").json();
        assertThat(funnel.get("cases").intValue()).isGreaterThanOrEqualTo(14);
        for (JsonNode s : funnel.get("stages")) {
            assertThat(s.get("reached").intValue()).as(s.toString()).isPositive();
        }
        assertThat(funnel.get("groups").size()).isGreaterThan(1);
        // and across the country: every stage reached in each region, in establishments of those regions
        JsonNode regions = admin.get("/api/v1/funnel?groupBy=REGION").json();
        Set<String> regionKeys = new HashSet<>(regions.get("groups").findValuesAsString("key"));
        assertThat(regionKeys).contains("Lima").containsAll(DemoMode.FUNNEL_REGIONS);
        for (JsonNode g : regions.get("groups")) {
            if (DemoMode.FUNNEL_REGIONS.contains(g.get("key").asString())) {
                for (JsonNode s : g.get("stages")) {
                    assertThat(s.get("reached").intValue()).as(g.get("key") + " " + s).isPositive();
                }
            }
        }
        JsonNode centresOfCases = admin.get("/api/v1/funnel?groupBy=PENAL_CENTRE").json();
        assertThat(centresOfCases.get("groups").findValuesAsString("label")).anyMatch(l -> l.contains("Cusco"))
                .anyMatch(l -> l.contains("Arequipa"));
        assertThat(funnel.get("oldestWaiting").findValues("overdue").stream().anyMatch(JsonNode::booleanValue))
                .isTrue();
        // (the fleet's active cases are created as the demo starts; the funnel's cases are spread over weeks)
        assertThat(funnel.get("stages").get(0).get("p90Hours").doubleValue()).isGreaterThanOrEqualTo(24);
        assertThat(funnel.get("oldestWaiting").get(0).get("waitingHours").doubleValue()).isGreaterThan(24 * 7);

        // the fleet talks to the server's own gateway: fixes of every simulated device get stored
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> imeis = demo.fleet().imeis();
        assertThat(imeis).hasSize(demo.fleetTags().size());
        await().atMost(Duration.ofNanos(deadline - System.nanoTime())).pollInterval(Duration.ofMillis(500))
                .until(() -> imeis.stream().allMatch(i -> store.count(i) >= 2));
        for (String imei : imeis) {
            assertThat(store.count(imei)).as("fixes of " + imei).isGreaterThanOrEqualTo(2);
        }
        // the people who breach in turn report through the gateway, and are supervised as active cases
        for (DemoIncidents.Incident i : DemoIncidents.people(2026, 12)) {
            String imei = i.imei();
            await().atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                    .pollInterval(Duration.ofMillis(500)).until(() -> store.count(imei) >= 2);
            assertThat(store.count(imei)).as("fixes of " + imei).isGreaterThanOrEqualTo(2);
            assertThat(admin.get("/api/v1/devices/" + imei).json().at("/currentAssignment/role").stringValue())
                    .isEqualTo("PERSON_UNIT");
        }

        // a restart seeds nothing twice
        demo.seed();
        assertThat(admin.get("/api/v1/orders?size=1").json().get("total").longValue()).isEqualTo(total);
        assertThat(admin.get("/api/v1/penal-centres").json().at("/totals/establishments").intValue()).isEqualTo(69);
        assertThat(admin.get("/api/v1/devices?limit=1000").json().size()).isEqualTo(devices.size());
    }
}
