package org.alterna.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The orders API over real HTTP with real security (demo accounts, HTTP Basic). */
@H2Test
class OrdersApiTest {
    @LocalServerPort
    int port;

    Api admin;
    Api supervisor;
    Api operator;
    Api judge;
    Api judge2;
    Api police;
    Api auditor;

    @BeforeEach
    void accounts() {
        admin = Api.as(port, "admin");
        supervisor = Api.as(port, "supervisor");
        operator = Api.as(port, "operator");
        judge = Api.as(port, "judge");
        judge2 = Api.as(port, "judge2");
        police = Api.as(port, "police");
        auditor = Api.as(port, "auditor");
        for (String court : new String[] {"JIP-LIMA-01", "JIP-LIMA-02"}) {
            Api.Response r = admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", "Lima", "region", "Lima"));
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
        }
    }

    String person() {
        Api.Response r = supervisor.post("/api/v1/people", Map.of("dni", OrderFixtures.dni(), "givenNames", "Rosa",
                "surnames", "Quispe Mamani", "synthetic", true,
                "domicile", Map.of("address", "Jr. Los Olivos 12", "lat", -12.12, "lon", -77.03)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").stringValue();
    }

    String requestedOrder() {
        Api.Response r = supervisor.post("/api/v1/orders", Map.of("expediente", "00123-2026-1-1801-JR-PE-01",
                "courtCode", "JIP-LIMA-01", "measureType", "PRETRIAL_RESTRICTION", "personId", person(),
                "monitoringCentre", "CM-LIMA", "synthetic", true));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("status").stringValue()).isEqualTo("REQUESTED");
        assertThat(r.json().get("region").stringValue()).isEqualTo("Lima");
        return r.json().get("id").stringValue();
    }

    long total(Api api) {
        return api.get("/api/v1/orders?size=1").json().get("total").longValue();
    }

    @Test
    void fromRequestToActiveWithVariationsOverHttp() {
        String id = requestedOrder();
        String today = OrderFixtures.today().toString();
        assertThat(supervisor.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "WEAK", "addressVerified", true, "conclusion", "VIABLE")).status()).isEqualTo(200);

        // invalid GeoJSON: 400 naming the path, nothing written
        String bowtie = """
                {"resolutionNumber":"RES-7","resolutionDate":"%s","startDate":"%s","conditions":{"zones":[
                  {"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},"radiusMeters":100},
                  {"id":"x","type":"EXCLUSION","geometry":{"type":"Polygon","coordinates":[[[-77.01,-12.10],[-77.00,-12.09],[-77.00,-12.10],[-77.01,-12.09],[-77.01,-12.10]]]}}]}}"""
                .formatted(today, today);
        Api.Response bad = judge.post("/api/v1/orders/" + id + "/resolution", bowtie);
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("field").stringValue()).isEqualTo("conditions.zones[1].geometry");
        assertThat(bad.json().get("detail").stringValue()).startsWith("conditions.zones[1].geometry: polygon is self-intersecting");
        assertThat(judge.get("/api/v1/orders/" + id).json().get("status").stringValue()).isEqualTo("VIABILITY_REPORTED");
        assertThat(judge.get("/api/v1/orders/" + id + "/variations").json()).isEmpty();

        // a schedule that ends when it starts
        Api.Response empty = judge.post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-7","resolutionDate":"%s","startDate":"%s","conditions":{"zones":[
                  {"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},"radiusMeters":100,
                   "schedule":[{"days":["MON"],"from":"22:00","to":"22:00"}]}]}}""".formatted(today, today));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").stringValue()).isEqualTo("conditions.zones[0].schedule[0]");

        // the judge of another court does not even see it
        assertThat(judge2.post("/api/v1/orders/" + id + "/resolution", bowtie.replace("\"x\"", "\"y\"")).status())
                .isIn(400, 404);
        assertThat(judge2.get("/api/v1/orders/" + id).status()).isEqualTo(404);

        Api.Response ordered = judge.post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-7","resolutionDate":"%s","startDate":"%s","effectiveFrom":"2026-03-01T05:00:00Z",
                 "conditions":{"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
                 "radiusMeters":100,"schedule":[{"days":["MON","TUE"],"from":"21:00","to":"06:00"}]}],"noCommunicationMinutes":30}}"""
                .formatted(today, today));
        assertThat(ordered.status()).as(ordered.toString()).isEqualTo(200);
        assertThat(ordered.json().get("status").stringValue()).isEqualTo("ORDERED");

        assertThat(operator.post("/api/v1/orders/" + id + "/installation",
                Map.of("scheduledAt", "2026-11-30T15:00:00Z")).status()).isEqualTo(200);
        assertThat(operator.post("/api/v1/orders/" + id + "/activation", Map.of("note", "instalado")).json()
                .get("status").stringValue()).isEqualTo("ACTIVE");
        Api.Response twice = operator.post("/api/v1/orders/" + id + "/activation", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").stringValue())
                .isEqualTo("order 00123-2026-1-1801-JR-PE-01 is ACTIVE; it cannot be activated again");

        Api.Response varied = judge.post("/api/v1/orders/" + id + "/variations", """
                {"resolutionNumber":"RES-9","resolutionDate":"%s","effectiveFrom":"2026-06-01T05:00:00Z",
                 "conditions":{"noCommunicationMinutes":45}}""".formatted(today));
        assertThat(varied.status()).as(varied.toString()).isEqualTo(201);
        assertThat(varied.json().get("version").intValue()).isEqualTo(2);
        JsonNode v1 = judge.get("/api/v1/orders/" + id + "/conditions?asOf=2026-04-01T00:00:00Z").json();
        assertThat(v1.get("version").intValue()).isEqualTo(1);
        assertThat(v1.at("/conditions/zones/0/schedule/0/from").stringValue()).isEqualTo("21:00");
        assertThat(operator.get("/api/v1/orders/" + id + "/conditions?asOf=2026-07-01T00:00:00Z").json()
                .at("/conditions/noCommunicationMinutes").intValue()).isEqualTo(45);
        assertThat(auditor.get("/api/v1/orders/" + id + "/variations").json()).hasSize(2);
        assertThat(auditor.get("/api/v1/orders/" + id + "/conditions").status()).isEqualTo(403);
        assertThat(police.get("/api/v1/orders/" + id).status()).isEqualTo(403);
        assertThat(judge.get("/api/v1/orders/" + id + "/history").json()).hasSize(5);

        Api.Response warn = judge.post("/api/v1/orders/" + id + "/warnings",
                Map.of("resolutionNumber", "RES-10", "resolutionDate", today, "text", "Se le amonesta"));
        assertThat(warn.status()).isEqualTo(201);
        assertThat(judge.post("/api/v1/orders/" + id + "/revocation",
                Map.of("resolutionNumber", "RES-11", "resolutionDate", today)).json().get("status").stringValue())
                .isEqualTo("REVOKED");
    }

    @Test
    void theSupervisorOfTheRegionRecordsAVariationByTheJudgesResolution() {
        String id = requestedOrder();
        String today = OrderFixtures.today().toString();
        assertThat(supervisor.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE")).status()).isEqualTo(200);
        assertThat(judge.post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-20","resolutionDate":"%s","startDate":"%s","effectiveFrom":"2026-01-01T05:00:00Z",
                 "conditions":{"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point",
                 "coordinates":[-77.03,-12.12]},"radiusMeters":100}]}}""".formatted(today, today)).status())
                .isEqualTo(200);
        String variation = """
                {"resolutionNumber":"RES-21","resolutionDate":"%s","conditions":{"zones":[
                  {"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},"radiusMeters":100},
                  {"id":"colegio","type":"EXCLUSION","geometry":{"type":"Polygon","coordinates":[[[-77.01,-12.10],
                   [-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.10]]]},
                   "schedule":[{"days":["MON","TUE","WED","THU","FRI"],"from":"07:00","to":"14:00"}]}]}}""".formatted(today);

        // the resolution that authorises it is required, as for the judge
        Api.Response noResolution = supervisor.post("/api/v1/orders/" + id + "/variations",
                """
                {"conditions":{"noCommunicationMinutes":45}}""");
        assertThat(noResolution.status()).as(noResolution.toString()).isEqualTo(400);
        assertThat(operator.post("/api/v1/orders/" + id + "/variations", variation).status()).isEqualTo(403);

        Api.Response varied = supervisor.post("/api/v1/orders/" + id + "/variations", variation);
        assertThat(varied.status()).as(varied.toString()).isEqualTo(201);
        assertThat(varied.json().get("version").intValue()).isEqualTo(2);
        assertThat(varied.json().get("author").stringValue()).isEqualTo("supervisor");
        JsonNode now = judge.get("/api/v1/orders/" + id + "/conditions").json();
        assertThat(now.get("resolutionNumber").stringValue()).isEqualTo("RES-21");
        assertThat(now.at("/conditions/zones/1/id").stringValue()).isEqualTo("colegio");
        assertThat(now.at("/conditions/zones/1/schedule/0/from").stringValue()).isEqualTo("07:00");
    }

    @Test
    void aSupervisorCannotVaryAnOrderOutsideTheirRegion() {
        Api.Response court = admin.post("/api/v1/courts", Map.of("code", "JIP-CUSCO-01", "name", "Juzgado Cusco",
                "judicialDistrict", "Cusco", "region", "Cusco"));
        assertThat(court.status()).as(court.toString()).isIn(201, 409);
        Api.Response order = admin.post("/api/v1/orders", Map.of("expediente", "00999-2026-1-1001-JR-PE-01",
                "courtCode", "JIP-CUSCO-01", "measureType", "PRETRIAL_RESTRICTION", "personId", person(),
                "monitoringCentre", "CM-CUSCO", "synthetic", true));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().get("region").stringValue()).isEqualTo("Cusco");
        Api.Response varied = supervisor.post("/api/v1/orders/" + order.json().get("id").stringValue()
                + "/variations", """
                {"resolutionNumber":"RES-22","resolutionDate":"%s","conditions":{"noCommunicationMinutes":45}}"""
                .formatted(OrderFixtures.today()));
        assertThat(varied.status()).as(varied.toString()).isEqualTo(404);
    }

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() {
        long before = total(admin);
        Api.Response unknownCourt = supervisor.post("/api/v1/orders", Map.of("expediente", "00123-2026-1-1801-JR-PE-01",
                "courtCode", "JIP-NOWHERE", "measureType", "HOUSE_ARREST", "personId", person()));
        assertThat(unknownCourt.status()).isEqualTo(400);
        assertThat(unknownCourt.json().get("field").stringValue()).isEqualTo("courtCode");
        assertThat(unknownCourt.json().get("detail").stringValue()).isEqualTo("courtCode: unknown court JIP-NOWHERE");
        Api.Response badType = supervisor.post("/api/v1/orders", Map.of("expediente", "00123-2026-1-1801-JR-PE-01",
                "courtCode", "JIP-LIMA-01", "measureType", "PRISON", "personId", person()));
        assertThat(badType.json().get("field").stringValue()).isEqualTo("measureType");
        assertThat(total(admin)).isEqualTo(before);

        long people = admin.get("/api/v1/people?size=1").json().get("total").longValue();
        Api.Response badDni = supervisor.post("/api/v1/people", Map.of("dni", "12345678X", "givenNames", "A", "surnames", "B"));
        assertThat(badDni.status()).isEqualTo(400);
        assertThat(badDni.json().get("field").stringValue()).isEqualTo("dni");
        assertThat(admin.get("/api/v1/people?size=1").json().get("total").longValue()).isEqualTo(people);
    }

    @Test
    void judgesSeeOnlyTheirCourtAndListsFilter() {
        String id = requestedOrder();
        assertThat(judge.get("/api/v1/orders/" + id).status()).isEqualTo(200);
        assertThat(judge2.get("/api/v1/orders/" + id).status()).isEqualTo(404);
        assertThat(judge2.get("/api/v1/orders/" + id + "/history").status()).isEqualTo(404);
        assertThat(judge2.get("/api/v1/orders?court=JIP-LIMA-01").json().get("total").longValue()).isZero();
        JsonNode mine = judge.get("/api/v1/orders?status=REQUESTED&measureType=PRETRIAL_RESTRICTION&size=200").json();
        assertThat(mine.get("items").findValuesAsString("id")).contains(id);
        assertThat(judge.get("/api/v1/orders?status=NOPE").json().get("field").stringValue()).isEqualTo("status");
        assertThat(police.get("/api/v1/orders").status()).isEqualTo(403);
    }

    @Test
    void penalCentresImportAndTotals() throws java.io.IOException {
        String csv = new String(OrdersApiTest.class.getResourceAsStream(PenalCentreImport.BUNDLED).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(supervisor.send("POST", "/api/v1/penal-centres/import", csv, "text/csv").status()).isEqualTo(403);
        Api.Response imported = admin.send("POST", "/api/v1/penal-centres/import", csv, "text/csv");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        JsonNode all = police.get("/api/v1/penal-centres").json();
        assertThat(all.get("figuresDate").stringValue()).isEqualTo("2026-01-31");
        assertThat(all.at("/totals/capacity").longValue()).isEqualTo(41_764);
        assertThat(all.at("/totals/population").longValue()).isEqualTo(103_717);
        assertThat(all.at("/totals/overcrowdingPercent").doubleValue()).isEqualTo(148.3);
        assertThat(all.get("centres")).hasSize(69);
        Api.Response bad = admin.send("POST", "/api/v1/penal-centres/import",
                csv.replaceFirst("\n111,E\\.P\\. de Tumbes,", "\n111,,"), "text/csv");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").stringValue()).isEqualTo("line 2, column name: required");
    }
}
