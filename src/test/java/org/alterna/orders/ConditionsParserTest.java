package org.alterna.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.alterna.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of conditions: every error names its path; the replay scenario format parses as is. */
class ConditionsParserTest {
    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[-77.01,-12.10],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.09],[-77.01,-12.10]]]}";
    static final String HOME = "{\"id\":\"home\",\"type\":\"INCLUSION\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-77.0301,-12.1211]},\"radiusMeters\":120}";

    static String zones(String... zones) {
        return "{\"zones\":[" + String.join(",", zones) + "]}";
    }

    static String zone(String id, String geometry, String extra) {
        return "{\"id\":\"" + id + "\",\"type\":\"EXCLUSION\",\"geometry\":" + geometry + extra + "}";
    }

    static void fails(String json, String message) {
        assertThatThrownBy(() -> Conditions.parse(json, "conditions")).isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }

    @Test
    void theScenarioSupervisionFormatParses() {
        String json = """
                { "zones": [
                    { "id": "home", "type": "INCLUSION",
                      "geometry": { "type": "Point", "coordinates": [-77.0301, -12.1211] }, "radiusMeters": 120,
                      "schedule": [ { "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "from": "20:00", "to": "06:00" } ] },
                    { "id": "victim-home", "type": "EXCLUSION",
                      "geometry": { "type": "Polygon", "coordinates": [[[-77.01,-12.10],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.09],[-77.01,-12.10]]] } }
                  ],
                  "victimProximityMeters": 500, "noCommunicationMinutes": 30, "lowBatteryPercent": 15, "unknownKey": 1 }""";
        Conditions c = Conditions.parse(json, "supervision");
        assertThat(c.zones()).hasSize(2);
        assertThat(c.zones().get(0).radiusMeters()).isEqualTo(120.0);
        assertThat(c.victimProximityMeters()).isEqualTo(500);
        assertThat(c.lowBatteryPercent()).isEqualTo(15);
        // a schedule past midnight belongs to the day it starts
        Conditions.Zone home = c.zones().get(0);
        assertThat(home.activeAt(LocalDateTime.of(2026, 3, 2, 23, 0))).isTrue();
        assertThat(home.activeAt(LocalDateTime.of(2026, 3, 3, 5, 59))).isTrue();
        assertThat(home.activeAt(LocalDateTime.of(2026, 3, 3, 6, 0))).isFalse();
        assertThat(home.activeAt(LocalDateTime.of(2026, 3, 3, 12, 0))).isFalse();
        assertThat(c.zones().get(1).activeAt(LocalDateTime.of(2026, 3, 3, 12, 0))).isTrue();
        // round trip through the canonical JSON
        assertThat(Conditions.parse(c.toJson(), "x")).isEqualTo(Conditions.parse(c.toJson(), "x"));
        assertThat(Conditions.parse(c.toJson(), "x").toJson()).isEqualTo(c.toJson());
    }

    @Test
    void everyExtensionParses() {
        String json = """
                { "zones": [ { "id": "home", "type": "INCLUSION", "geometry": { "type": "MultiPolygon", "coordinates":
                      [[[[-77.01,-12.10],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.10]]]] },
                      "schedule": [ { "days": ["SAT"], "from": "08:00", "to": "12:00" } ] } ],
                  "routes": [ { "id": "work", "geometry": { "type": "LineString", "coordinates": [[-77.03,-12.12],[-77.02,-12.11]] },
                                "corridorMeters": 150, "window": { "days": ["MON","FRI"], "from": "07:00", "to": "09:30" } } ],
                  "victimProximityMeters": 500, "victimPreAlertMeters": 1000,
                  "chargingWindow": { "from": "22:00", "to": "23:30" },
                  "noCommunicationMinutes": 30, "noFixMinutes": 60, "lowBatteryPercent": 20,
                  "graceMinutes": { "INCLUSION_ZONE": 5, "ROUTE": 3 } }""";
        Conditions c = Conditions.parse(json, "conditions");
        assertThat(c.routes()).singleElement().satisfies(r -> {
            assertThat(r.corridorMeters()).isEqualTo(150);
            assertThat(r.activeAt(LocalDateTime.of(2026, 3, 2, 8, 0))).isTrue(); // a Monday
            assertThat(r.activeAt(LocalDateTime.of(2026, 3, 3, 8, 0))).isFalse(); // a Tuesday
        });
        assertThat(c.graceMinutes()).containsEntry("ROUTE", 3);
        assertThat(c.chargingWindow().contains(LocalDateTime.of(2026, 3, 3, 22, 30))).isTrue();
        assertThat(Conditions.parse(c.toJson(), "c").toJson()).isEqualTo(c.toJson());
    }

    @Test
    void selfIntersectingPolygonIsNamedByItsPath() {
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[-77.01,-12.10],[-77.00,-12.09],[-77.00,-12.10],[-77.01,-12.09],[-77.01,-12.10]]]}";
        assertThatThrownBy(() -> Conditions.parse(zones(HOME, zone("a", SQUARE, ""), zone("b", bowtie, "")), "conditions"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("conditions.zones[2].geometry: polygon is self-intersecting")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("conditions.zones[2].geometry");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"Polygon\",\"coordinates\":[[[-77.01,-12.10],[-77.00,-12.10],[-77.01,-12.10]]]}|conditions.zones[0].geometry.coordinates[0]: a ring needs at least 4 positions (got 3)",
        "{\"type\":\"Polygon\",\"coordinates\":[[[-77.01,-12.10],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.09]]]}|conditions.zones[0].geometry.coordinates[0]: ring is not closed: the first and last positions differ",
        "{\"type\":\"Polygon\",\"coordinates\":[[[-190,-12.10],[-77.00,-12.10],[-77.00,-12.09],[-190,-12.10]]]}|conditions.zones[0].geometry.coordinates[0][0]: longitude -190.0 is out of range [-180, 180]",
        "{\"type\":\"Polygon\",\"coordinates\":[[[-77.01,-95],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-95]]]}|conditions.zones[0].geometry.coordinates[0][0]: latitude -95.0 is out of range [-90, 90]",
        "{\"type\":\"Polygon\",\"coordinates\":[[[-77.01],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.10]]]}|conditions.zones[0].geometry.coordinates[0][0]: a position is [longitude, latitude] (got [-77.01])",
        "{\"type\":\"Polygon\",\"coordinates\":[]}|conditions.zones[0].geometry.coordinates: a Polygon needs an outer ring",
        "{\"type\":\"Polygon\"}|conditions.zones[0].geometry.coordinates: required",
        "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}|conditions.zones[0].geometry.type: must be Polygon or MultiPolygon or Point (got \"LineString\")",
        "\"circle\"|conditions.zones[0].geometry: must be an object",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[]}|conditions.zones[0].geometry.coordinates: a MultiPolygon needs at least one polygon",
    })
    void malformedGeoJson(String geometry, String message) {
        fails(zones(zone("z", geometry, "")), message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "|conditions.zones[0].radiusMeters: required for a Point zone",
        ",\"radiusMeters\":0|conditions.zones[0].radiusMeters: must be greater than 0",
        ",\"radiusMeters\":-5|conditions.zones[0].radiusMeters: must be greater than 0",
        ",\"radiusMeters\":60000|conditions.zones[0].radiusMeters: must be at most 50000 metres",
        ",\"radiusMeters\":\"100\"|conditions.zones[0].radiusMeters: must be a number",
    })
    void pointRadius(String extra, String message) {
        fails(zones(zone("z", "{\"type\":\"Point\",\"coordinates\":[-77.03,-12.12]}", extra == null ? "" : extra)), message);
    }

    @Test
    void polygonWithARadiusIsRefused() {
        fails(zones(zone("z", SQUARE, ",\"radiusMeters\":10")), "conditions.zones[0].radiusMeters: only a Point zone has a radius");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "[{\"days\":[\"MON\"],\"from\":\"20:00\",\"to\":\"20:00\"}]|conditions.zones[0].schedule[0]: schedule is empty: it ends when it starts (20:00); a window past midnight needs \"to\" earlier than \"from\", and no window at all means always",
        "[{\"days\":[\"MON\"],\"from\":\"8:00\",\"to\":\"20:00\"}]|conditions.zones[0].schedule[0].from: must be a local time HH:mm (got \"8:00\")",
        "[{\"days\":[\"MON\"],\"from\":\"08:00\",\"to\":\"24:00\"}]|conditions.zones[0].schedule[0].to: must be a local time HH:mm (got \"24:00\")",
        "[{\"days\":[\"MON\"],\"from\":\"08:00\"}]|conditions.zones[0].schedule[0].to: required",
        "[{\"days\":[],\"from\":\"08:00\",\"to\":\"09:00\"}]|conditions.zones[0].schedule[0].days: must not be empty",
        "[{\"from\":\"08:00\",\"to\":\"09:00\"}]|conditions.zones[0].schedule[0].days: required (e.g. [\"MON\",\"TUE\"])",
        "[{\"days\":[\"MON\",\"LUN\"],\"from\":\"08:00\",\"to\":\"09:00\"}]|conditions.zones[0].schedule[0].days[1]: unknown day \"LUN\" (use MON, TUE, WED, THU, FRI, SAT, SUN)",
        "{\"days\":[\"MON\"]}|conditions.zones[0].schedule: must be an array",
    })
    void schedules(String schedule, String message) {
        fails(zones(zone("z", SQUARE, ",\"schedule\":" + schedule)), message);
    }

    @Test
    void zoneIdsAndTypes() {
        fails(zones(HOME, zone("a", SQUARE, ""), zone("home", SQUARE, "")),
                "conditions.zones[2].id: duplicate id \"home\" (zone and route ids must be unique)");
        fails(zones("{\"type\":\"INCLUSION\",\"geometry\":" + SQUARE + "}"), "conditions.zones[0].id: required");
        fails(zones("{\"id\":\" \",\"type\":\"INCLUSION\",\"geometry\":" + SQUARE + "}"), "conditions.zones[0].id: must not be blank");
        fails(zones("{\"id\":\"a\",\"type\":\"INSIDE\",\"geometry\":" + SQUARE + "}"),
                "conditions.zones[0].type: must be INCLUSION or EXCLUSION (got \"INSIDE\")");
        fails("{\"zones\":{}}", "conditions.zones: must be an array");
    }

    @Test
    void routes() {
        String line = "{\"type\":\"LineString\",\"coordinates\":[[-77.03,-12.12],[-77.02,-12.11]]}";
        fails("{\"routes\":[{\"id\":\"w\",\"geometry\":" + line + "}]}", "conditions.routes[0].corridorMeters: required");
        fails("{\"routes\":[{\"id\":\"w\",\"geometry\":" + line + ",\"corridorMeters\":0}]}",
                "conditions.routes[0].corridorMeters: must be greater than 0");
        fails("{\"routes\":[{\"id\":\"w\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[-77.03,-12.12]]},\"corridorMeters\":50}]}",
                "conditions.routes[0].geometry.coordinates: a LineString needs at least 2 positions (got 1)");
        fails("{\"routes\":[{\"id\":\"w\",\"geometry\":" + SQUARE + ",\"corridorMeters\":50}]}",
                "conditions.routes[0].geometry.type: must be LineString (got \"Polygon\")");
        fails("{\"routes\":[{\"id\":\"w\",\"geometry\":" + line + ",\"corridorMeters\":50,\"window\":{\"days\":[\"MON\"],\"from\":\"07:00\",\"to\":\"07:00\"}}]}",
                "conditions.routes[0].window: schedule is empty: it ends when it starts (07:00); a window past midnight needs \"to\" earlier than \"from\", and no window at all means always");
        fails("{\"zones\":[" + HOME + "],\"routes\":[{\"id\":\"home\",\"geometry\":" + line + ",\"corridorMeters\":50}]}",
                "conditions.routes[0].id: duplicate id \"home\" (zone and route ids must be unique)");
    }

    @Test
    void rules() {
        fails("{\"victimProximityMeters\":0}", "conditions.victimProximityMeters: must be between 1 and 50000 (got 0)");
        fails("{\"victimPreAlertMeters\":800}", "conditions.victimPreAlertMeters: needs victimProximityMeters");
        fails("{\"victimProximityMeters\":500,\"victimPreAlertMeters\":400}",
                "conditions.victimPreAlertMeters: must be greater than victimProximityMeters (500)");
        fails("{\"noCommunicationMinutes\":2.5}", "conditions.noCommunicationMinutes: must be a whole number");
        fails("{\"noFixMinutes\":0}", "conditions.noFixMinutes: must be between 1 and 10080 (got 0)");
        fails("{\"lowBatteryPercent\":100}", "conditions.lowBatteryPercent: must be between 1 and 99 (got 100)");
        fails("{\"chargingWindow\":{\"from\":\"22:00\",\"to\":\"22:00\"}}",
                "conditions.chargingWindow: schedule is empty: it ends when it starts (22:00); a window past midnight needs \"to\" earlier than \"from\", and no window at all means always");
        fails("{\"graceMinutes\":{\"GEOFENCE\":5}}", "conditions.graceMinutes.GEOFENCE: unknown rule (use "
                + String.join(", ", Conditions.RULES) + ")");
        fails("{\"graceMinutes\":{\"NO_FIX\":-1}}", "conditions.graceMinutes.NO_FIX: must be between 0 and 1440 (got -1)");
        fails("[]", "conditions: must be an object");
        assertThatThrownBy(() -> Conditions.parse("{not json", "conditions")).hasMessageStartingWith("conditions: malformed JSON: ");
    }

    @Test
    void emptyConditionsAreAllowed() {
        assertThat(Conditions.parse("{}", "conditions")).isEqualTo(Conditions.none());
    }

    @Test
    void enteredConditionsAreLimitedInZonesRoutesAndPositionsStoredOnesAreNot() {
        ConditionsLimits limits = new ConditionsLimits(2, 1, 8);
        String three = zones(HOME, zone("a", SQUARE, ""), zone("b", SQUARE.replace("-77.01", "-77.02"), ""));
        assertThatThrownBy(() -> Conditions.parse(JSON.readTree(three), "conditions", limits))
                .hasMessage("conditions.zones: at most 2 zones per order (got 3)");
        assertThat(Conditions.parse(three, "conditions").zones()).as("as stored: no limit").hasSize(3);

        String nine = "{\"type\":\"MultiPolygon\",\"coordinates\":["
                + "[[[-77.01,-12.10],[-77.00,-12.10],[-77.00,-12.09],[-77.01,-12.09],[-77.01,-12.10]]],"
                + "[[[-77.01,-12.20],[-77.00,-12.20],[-77.00,-12.19],[-77.01,-12.19],[-77.01,-12.20]]]]}";
        assertThatThrownBy(() -> Conditions.parse(JSON.readTree(zones(zone("two-blocks", nine, ""))), "conditions",
                limits)).hasMessage("conditions.zones[0].geometry.coordinates: at most 8 positions per zone (got 10)");

        String route = "{\"routes\":[{\"id\":\"r\",\"corridorMeters\":50,\"geometry\":{\"type\":\"LineString\","
                + "\"coordinates\":[[0,0],[0,1],[0,2],[0,3],[0,4],[0,5],[0,6],[0,7],[0,8]]}}]}";
        assertThatThrownBy(() -> Conditions.parse(JSON.readTree(route), "conditions", limits))
                .hasMessage("conditions.routes[0].geometry.coordinates: at most 8 positions per route (got 9)");
        String twoRoutes = "{\"routes\":[{\"id\":\"r1\",\"corridorMeters\":50,\"geometry\":{\"type\":\"LineString\","
                + "\"coordinates\":[[0,0],[0,1]]}},{\"id\":\"r2\",\"corridorMeters\":50,\"geometry\":{\"type\":"
                + "\"LineString\",\"coordinates\":[[0,0],[0,1]]}}]}";
        assertThatThrownBy(() -> Conditions.parse(JSON.readTree(twoRoutes), "conditions", limits))
                .hasMessage("conditions.routes: at most 1 routes per order (got 2)");
        assertThat(Conditions.parse(JSON.readTree(zones(HOME, zone("a", SQUARE, ""))), "conditions", limits).zones())
                .hasSize(2);
    }

    static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
}
