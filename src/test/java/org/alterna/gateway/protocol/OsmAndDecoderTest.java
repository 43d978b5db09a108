package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

class OsmAndDecoderTest {
    private final OsmAndDecoder decoder = new OsmAndDecoder();

    private Fix get(String uri) throws DecodeException {
        DeviceMessage.Report r = decoder.decode("GET", uri, null, new byte[0]);
        assertThat(r.ackAfterStore()).isEmpty();
        assertThat(r.fixes()).hasSize(1);
        return r.fixes().get(0);
    }

    @Test
    void cellTowersAndAccessPointsAreEvidence() throws Exception {
        Fix fix = get("/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0&cell=257,02,16,2224&cell=257,02,16,2223,-90"
                + "&wifi=00-14-22-01-23-45,-80&wifi=00-1C-B3-09-85-15&wifi=nonsense");
        assertThat(fix.io()).containsEntry("cells", java.util.List.of(
                java.util.Map.of("mcc", 257, "mnc", 2, "lac", 16L, "cid", 2224L),
                java.util.Map.of("mcc", 257, "mnc", 2, "lac", 16L, "cid", 2223L, "rssi", -90)))
                .containsEntry("wifi", java.util.List.of(java.util.Map.of("mac", "00:14:22:01:23:45", "rssi", -80),
                        java.util.Map.of("mac", "00:1c:b3:09:85:15")))
                .containsEntry("wifiUnparsed", "nonsense").containsEntry("mcc", 257).containsEntry("cellId", 2224);
        assertThat(fix.latitude()).isEqualTo(60.0);
    }

    @Test
    void traccarClientQuery() throws Exception {
        Fix fix = get("/?id=864512&timestamp=1709330674&lat=-12.0463731&lon=-77.0427934&speed=10.0"
                + "&bearing=271.5&altitude=154.2&accuracy=8.5&hdop=0.9&batt=87&charge=true&sat=9&valid=true&wifi=x");
        assertThat(fix.deviceId()).isEqualTo("864512");
        assertThat(fix.deviceTime()).isEqualTo(Instant.ofEpochSecond(1709330674));
        assertThat(fix.latitude()).isEqualTo(-12.0463731);
        assertThat(fix.longitude()).isEqualTo(-77.0427934);
        assertThat(fix.speedKmh()).isCloseTo(18.52, offset(1e-9));
        assertThat(fix.course()).isEqualTo(271.5);
        assertThat(fix.altitude()).isEqualTo(154.2);
        assertThat(fix.accuracyMeters()).isEqualTo(8.5);
        assertThat(fix.hdop()).isEqualTo(0.9);
        assertThat(fix.batteryPercent()).isEqualTo(87);
        assertThat(fix.charging()).isTrue();
        assertThat(fix.satellites()).isEqualTo(9);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.source()).isEqualTo(Fix.PositionSource.GPS);
        assertThat(fix.io()).containsEntry("wifiUnparsed", "x").doesNotContainKey("wifi");
    }

    @Test
    void timestampFormsAndLocationParameter() throws Exception {
        assertThat(get("/?deviceid=1&location=1.5,2.5&timestamp=1709330674123").deviceTime())
                .isEqualTo(Instant.ofEpochMilli(1709330674123L));
        assertThat(get("/?id=1&lat=1&lon=2&timestamp=2024-03-01T22%3A04%3A34Z").deviceTime())
                .isEqualTo(Instant.parse("2024-03-01T22:04:34Z"));
        assertThat(get("/?id=1&lat=1&lon=2&timestamp=2024-03-01+22%3A04%3A34").deviceTime())
                .isEqualTo(Instant.parse("2024-03-01T22:04:34Z"));
        Fix loc = get("/?id=1&location=1.5,2.5&valid=false&heading=-90");
        assertThat(loc.latitude()).isEqualTo(1.5);
        assertThat(loc.longitude()).isEqualTo(2.5);
        assertThat(loc.valid()).isFalse();
        assertThat(loc.course()).isEqualTo(270.0);
    }

    @Test
    void formBody() throws Exception {
        DeviceMessage.Report r = decoder.decode("POST", "/", "application/x-www-form-urlencoded",
                "id=7&lat=10&lon=20&timestamp=1709330674".getBytes(StandardCharsets.UTF_8));
        assertThat(r.deviceId()).isEqualTo("7");
        assertThat(r.fixes().get(0).latitude()).isEqualTo(10.0);
    }

    @Test
    void jsonBody() throws Exception {
        String body = """
                {"device_id":"phone-1","location":{"timestamp":"2024-03-01T22:04:34.500Z","is_moving":true,
                 "coords":{"latitude":-12.05,"longitude":-77.04,"accuracy":4.5,"speed":2.5,"heading":90,"altitude":150},
                 "battery":{"level":0.42,"is_charging":true}}}""";
        DeviceMessage.Report r = decoder.decode("POST", "/", "application/json", body.getBytes(StandardCharsets.UTF_8));
        Fix fix = r.fixes().get(0);
        assertThat(fix.deviceId()).isEqualTo("phone-1");
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-03-01T22:04:34.500Z"));
        assertThat(fix.latitude()).isEqualTo(-12.05);
        assertThat(fix.longitude()).isEqualTo(-77.04);
        assertThat(fix.accuracyMeters()).isEqualTo(4.5);
        assertThat(fix.speedKmh()).isCloseTo(9.0, offset(1e-9));
        assertThat(fix.course()).isEqualTo(90.0);
        assertThat(fix.altitude()).isEqualTo(150.0);
        assertThat(fix.batteryPercent()).isEqualTo(42);
        assertThat(fix.charging()).isTrue();
        assertThat(fix.valid()).isTrue();
        assertThat(fix.io()).containsEntry("motion", true);
    }

    @Test
    void missingOrOutOfRangeParametersAreNamed() {
        assertThatThrownBy(() -> get("/?lat=1&lon=2")).isInstanceOf(DecodeException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> get("/?id=1&lon=2")).hasMessageContaining("'lat'");
        assertThatThrownBy(() -> get("/?id=1&lat=2")).hasMessageContaining("'lon'");
        assertThatThrownBy(() -> get("/?id=1&lat=91&lon=2")).hasMessageContaining("'lat' out of range");
        assertThatThrownBy(() -> get("/?id=1&lat=1&lon=-181")).hasMessageContaining("'lon' out of range");
        assertThatThrownBy(() -> get("/?id=1&lat=1&lon=2&batt=120")).hasMessageContaining("'batt'");
        assertThatThrownBy(() -> get("/?id=1&lat=1&lon=2&speed=-3")).hasMessageContaining("'speed'");
        assertThatThrownBy(() -> get("/?id=1&lat=1&lon=2&timestamp=yesterday")).hasMessageContaining("'timestamp'");
        assertThatThrownBy(() -> get("/?id=1&lat=NaN&lon=2")).hasMessageContaining("'lat'");
        assertThatThrownBy(() -> decoder.decode("POST", "/", "application/json", "{\"location\":{}}".getBytes()))
                .hasMessageContaining("device_id");
        assertThatThrownBy(() -> decoder.decode("POST", "/", "application/json", "{oops".getBytes()))
                .hasMessageContaining("JSON");
    }
}
