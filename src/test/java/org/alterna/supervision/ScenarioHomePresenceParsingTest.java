package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.junit.jupiter.api.Test;

/** The scenario format's optional home-presence fields: read when present, rejected with their path when wrong. */
class ScenarioHomePresenceParsingTest {
    static final String ZONES = "\"zones\": [{\"id\": \"home\", \"type\": \"INCLUSION\", \"geometry\": {\"type\": "
            + "\"Point\", \"coordinates\": [-77.03, -12.12]}, \"radiusMeters\": 100}]";

    static Scenario parse(String supervisionExtra, String fix, String rest) {
        String json = "{\"supervision\": {" + ZONES + supervisionExtra + "}, \"fixes\": [" + fix + "]" + rest + "}";
        return ScenarioParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsHdopSatellitesIoTheHomePresenceAndTheHomeUnitsReports() {
        Scenario s = parse(", \"homePresence\": {\"kind\": \"BLE_BEACON\", \"beaconId\": \"ibeacon:00ff:1:2\", "
                        + "\"lat\": -12.12, \"lon\": -77.03}",
                "{\"time\": \"2026-03-02T01:00:00Z\", \"lat\": -12.12, \"lon\": -77.03, \"hdop\": 1.3, "
                        + "\"satellites\": 7, \"io\": {\"beacon.id\": \"ibeacon:00ff:1:2\", \"beacon.rssi\": -71}}",
                ", \"homeUnitFixes\": [{\"time\": \"2026-03-02T01:00:05Z\", \"lat\": -12.12, \"lon\": -77.03, "
                        + "\"source\": \"WIFI\", \"io\": {\"homeUnit.tagInRange\": true, \"homeUnit.mains\": false, "
                        + "\"homeUnit.tilt\": false}}]");
        assertThat(s.fixes().get(0).hdop()).isEqualTo(1.3);
        assertThat(s.fixes().get(0).satellites()).isEqualTo(7);
        assertThat(s.fixes().get(0).accuracyMeters()).isNull();
        assertThat(s.fixes().get(0).io()).isEqualTo(Map.of("beacon.id", "ibeacon:00ff:1:2", "beacon.rssi", -71L));
        assertThat(s.homePresence().kind()).isEqualTo(HomePresence.Kind.BLE_BEACON);
        assertThat(s.homePresence().lostMinutes()).isEqualTo(HomePresence.DEFAULT_LOST_MINUTES);
        assertThat(s.homePresence().zone()).isEqualTo("home");
        assertThat(s.homeUnitFixes()).singleElement().satisfies(f -> assertThat(f.io())
                .containsEntry(HomePresence.UNIT_TAG_IN_RANGE_IO, true).containsEntry(HomePresence.UNIT_MAINS_IO, false));
    }

    @Test
    void olderFilesReadAsBefore() {
        Scenario s = parse("", "{\"time\": \"2026-03-02T01:00:00Z\", \"lat\": -12.12, \"lon\": -77.03}", "");
        assertThat(s.homePresence()).isNull();
        assertThat(s.homeUnitFixes()).isEmpty();
        assertThat(s.fixes().get(0).io()).isEmpty();
        assertThat(s.fixes().get(0).hdop()).isNull();
    }

    @Test
    void wrongValuesNameTheirPath() {
        String fix = "{\"time\": \"2026-03-02T01:00:00Z\", \"lat\": -12.12, \"lon\": -77.03%s}";
        assertThatThrownBy(() -> parse("", fix.formatted(", \"hdop\": -1"), ""))
                .hasMessage("fixes[0].hdop: must be >= 0");
        assertThatThrownBy(() -> parse("", fix.formatted(", \"satellites\": 4.5"), ""))
                .hasMessage("fixes[0].satellites: must be a whole number between 0 and 255");
        assertThatThrownBy(() -> parse("", fix.formatted(", \"io\": {\"beacon.id\": [1]}"), ""))
                .hasMessage("fixes[0].io.beacon.id: must be a string, a number or true/false");
        assertThatThrownBy(() -> parse(", \"homePresence\": {\"kind\": \"BLE_BEACON\", \"lat\": -12.1, \"lon\": -77}",
                fix.formatted(""), "")).hasMessage("supervision.homePresence.beaconId: required for a BLE_BEACON");
        assertThatThrownBy(() -> parse(", \"homePresence\": {\"kind\": \"DOORBELL\", \"lat\": -12.1, \"lon\": -77}",
                fix.formatted(""), "")).hasMessageStartingWith("supervision.homePresence.kind: unknown value 'DOORBELL'");
        assertThatThrownBy(() -> parse("", fix.formatted(""), ", \"homeUnitFixes\": [{\"time\": \"x\"}]"))
                .hasMessageStartingWith("homeUnitFixes[0].time: must be an ISO-8601 UTC time");
    }
}
