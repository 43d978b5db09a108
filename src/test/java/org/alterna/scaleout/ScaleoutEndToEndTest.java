package org.alterna.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.gateway.GatewayPorts;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The three roles in one process over a real broker: an OsmAnd fix answered 200 by the gateway has been accepted by
 * Kafka; the engine (Kafka Streams) judges it under the plan the application published when the device was assigned;
 * the alarm reaches the database and the alarm desk, and the records reach the database. An application node whose
 * alarm intake stops and starts again resumes where it left off: the desk gets the alarm's end once.
 */
@H2Test
class ScaleoutEndToEndTest {
    static final String PREFIX = "e2e" + ThreadLocalRandom.current().nextInt(1_000_000);

    static {
        KafkaTestBroker.quiet();
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry r) {
        r.add("alterna.scaleout.roles", () -> "GATEWAY,ENGINE,APPLICATION");
        r.add("alterna.scaleout.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        r.add("alterna.scaleout.topic-prefix", () -> PREFIX);
        r.add("alterna.scaleout.application-id", () -> PREFIX + "-engine");
        r.add("alterna.scaleout.partitions", () -> "3");
        r.add("alterna.scaleout.replication-factor", () -> "1");
        r.add("alterna.scaleout.min-insync-replicas", () -> "1");
        r.add("alterna.scaleout.state-dir", () -> "target/scaleout-e2e-state/" + PREFIX);
        r.add("alterna.supervision.live.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts ports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AlarmIngest alarmIngest;

    @Test
    void aFixThroughTheGatewayBecomesAnAlarmThroughKafkaOnTheDeskOnceEvenAcrossARestartOfTheIntake() throws Exception {
        double lat = -12.10;
        double lon = -77.03;
        String order = ActiveOrders.create(port, "PRETRIAL_RESTRICTION", String.format(Locale.ROOT, """
                {"zones":[{"id":"victim-home","type":"EXCLUSION","geometry":{"type":"Point","coordinates":[%s,%s]},
                  "radiusMeters":200}]}""", lon, lat + 0.0135));
        String imei = "86" + String.format(Locale.ROOT, "%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        Api supervisor = Api.as(port, "supervisor");
        assertThat(supervisor.post("/api/v1/devices", Map.of("uniqueId", imei, "model", "osmand-default",
                "protocol", "osmand")).status()).isEqualTo(201);
        assertThat(supervisor.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", order,
                "role", "PERSON_UNIT", "from", Instant.now().minusSeconds(14 * 60).toString())).status()).isIn(200, 201);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long t0 = Instant.now().minusSeconds(12 * 60).getEpochSecond();
        int sent = 0;
        for (int i = 0; i < 17; i++) { // at home, then into the exclusion zone
            sent += send(http, imei, i < 5 ? lat : lat + 0.0135, lon, t0 + 30L * i);
        }
        assertThat(sent).isEqualTo(17);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> kinds(order).contains("RAISED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk(order)).anySatisfy(a ->
                assertThat(a.get("type").stringValue()).isEqualTo("EXCLUSION_ZONE")));
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(imei) == 17);

        // the application node's alarm intake stops; the person leaves the zone meanwhile
        alarmIngest.stop();
        for (int i = 17; i < 24; i++) {
            send(http, imei, lat, lon, t0 + 30L * i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> stored(imei) == 24);
        assertThat(kinds(order)).containsExactly("RAISED");
        alarmIngest.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> kinds(order).size() >= 2);
        // and it stays so: anything saved twice would show within this time
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> kinds(order).equals(List.of("RAISED", "CLEARED")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(desk(order)).singleElement()
                .satisfies(a -> assertThat(a.get("conditionEndedAt").isNull()).isFalse()));
    }

    private int send(HttpClient http, String imei, double lat, double lon, long epochSecond) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.port("osmand")
                + "/?id=" + imei + "&lat=" + lat + "&lon=" + lon + "&timestamp=" + epochSecond + "&accuracy=5&batt=80"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return 1;
    }

    private List<String> kinds(String order) {
        return jdbc.sql("select kind from supervision_alarm_event where order_id = ? order by id")
                .param(java.util.UUID.fromString(order)).query(String.class).list();
    }

    private long stored(String imei) {
        return jdbc.sql("select count(*) from fixes where device_id = ?").param(imei).query(Long.class).single();
    }

    private List<JsonNode> desk(String order) {
        List<JsonNode> out = new ArrayList<>();
        Api.as(port, "operator").get("/api/v1/alarms?orderId=" + order).json().forEach(out::add);
        return out;
    }
}
