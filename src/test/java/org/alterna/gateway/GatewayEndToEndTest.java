package org.alterna.gateway;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.devices.DeviceRegistry;
import org.alterna.gateway.TeltonikaClient.Rec;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Real devices over real sockets against the whole application, on H2 and on PostgreSQL. */
class GatewayEndToEndTest {
    private static final AtomicLong IMEI = new AtomicLong(356_000_000_000_000L
            + ThreadLocalRandom.current().nextLong(1_000_000_000L) * 1000);

    abstract static class Contract {
        @Autowired
        GatewayPorts ports;
        @Autowired
        DeviceRegistry registry;
        @Autowired
        JdbcClient jdbc;

        String newImei() {
            return String.valueOf(IMEI.incrementAndGet());
        }

        String registered(String protocol) {
            String imei = newImei();
            registry.register(imei, protocol + "-default", protocol);
            return imei;
        }

        long stored(String imei) {
            return jdbc.sql("SELECT COUNT(*) FROM fixes WHERE device_id = ?").param(imei).query(Long.class).single();
        }

        /** The refusals recorded for the device once the first is there (they are written off the device's thread). */
        long refusals(String imei, String reason) {
            return await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(50))
                    .until(() -> jdbc.sql("SELECT COUNT(*) FROM unknown_device_event WHERE device_id = ? AND reason = ?")
                            .params(imei, reason).query(Long.class).single(), n -> n > 0);
        }

        static List<Rec> records(int n, long startMillis) {
            return java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> Rec.at(startMillis + i * 60_000L, -12.05 + i * 0.001, -77.04 - i * 0.001)).toList();
        }

        long now() {
            return Instant.now().minusSeconds(3600).toEpochMilli() / 1000 * 1000;
        }

        @Test
        void registeredDeviceIsAcknowledgedOnlyOnceItsRecordsAreStored() throws Exception {
            String imei = registered("teltonika");
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(1);
                c.send(TeltonikaClient.avlPacket(records(3, now())));
                assertThat(c.readAck()).isEqualTo(3);
                assertThat(stored(imei)).as("rows present when the ack arrives").isEqualTo(3);
                c.send(TeltonikaClient.avlPacket(records(2, now() + 3_600_000)));
                assertThat(c.readAck()).isEqualTo(2);
                assertThat(stored(imei)).isEqualTo(5);
            }
            // the latest state follows the record log, off the acknowledging path: shortly after
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(jdbc.sql("SELECT COUNT(*) FROM device_state WHERE device_id = ?"
                            + " AND fix_device_time IS NOT NULL").param(imei).query(Long.class).single()).isEqualTo(1));
        }

        @Test
        void unknownDeviceIsRefusedAndRecorded() throws Exception {
            String imei = newImei();
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(0);
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(refusals(imei, "UNKNOWN")).isEqualTo(1);
        }

        @Test
        void retiredDeviceIsRefused() throws Exception {
            String imei = registered("teltonika");
            registry.retire(imei);
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(0);
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(refusals(imei, "RETIRED")).isEqualTo(1);
        }

        @Test
        void retiringADeviceClosesItsConnection() throws Exception {
            String imei = registered("teltonika");
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(1);
                c.send(TeltonikaClient.avlPacket(records(1, now())));
                assertThat(c.readAck()).isEqualTo(1);
                registry.retire(imei);
                assertThat(c.closedByServer()).isTrue();
            }
        }

        @Test
        void badCrcIsNotAcknowledgedAndTheConnectionStaysUsable() throws Exception {
            String imei = registered("teltonika");
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(1);
                byte[] bad = TeltonikaClient.avlPacket(records(2, now()));
                bad[bad.length - 1] ^= 0x5A;
                c.send(bad);
                assertThat(c.silentFor(500)).as("no ack for a bad CRC").isTrue();
                c.send(TeltonikaClient.avlPacket(records(2, now())));
                assertThat(c.readAck()).isEqualTo(2);
            }
            assertThat(stored(imei)).isEqualTo(2);
        }

        @Test
        void absurdLengthClosesOnlyThatConnection() throws Exception {
            String a = registered("teltonika");
            String b = registered("teltonika");
            try (TeltonikaClient bad = TeltonikaClient.connect(ports.port("teltonika"));
                 TeltonikaClient good = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(bad.login(a)).isEqualTo(1);
                assertThat(good.login(b)).isEqualTo(1);
                bad.send(new byte[] {0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 8, 1});
                assertThat(bad.closedByServer()).isTrue();
                good.send(TeltonikaClient.avlPacket(records(1, now())));
                assertThat(good.readAck()).isEqualTo(1);
            }
        }

        @Test
        void aResentPacketIsAcknowledgedAgainButStoredOnce() throws Exception {
            String imei = registered("teltonika");
            byte[] packet = TeltonikaClient.avlPacket(records(4, now()));
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(1);
                c.send(packet);
                assertThat(c.readAck()).isEqualTo(4);
            }
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(c.login(imei)).isEqualTo(1);
                c.send(packet);
                c.send(packet);
                assertThat(c.readAck()).isEqualTo(4);
                assertThat(c.readAck()).isEqualTo(4);
            }
            assertThat(stored(imei)).isEqualTo(4);
        }

        @Test
        void pipelinedPacketsAreAcknowledgedInOrder() throws Exception {
            String imei = registered("teltonika");
            try (TeltonikaClient c = TeltonikaClient.connect(ports.port("teltonika"))) {
                c.send(TeltonikaClient.imeiFrame(imei));
                for (int i = 1; i <= 20; i++) {
                    c.send(TeltonikaClient.avlPacket(records(i % 5 + 1, now() + i * 3_600_000L)));
                }
                assertThat(c.readByte()).as("login answer first").isEqualTo(1);
                for (int i = 1; i <= 20; i++) {
                    assertThat(c.readAck()).as("ack %d in order", i).isEqualTo(i % 5 + 1);
                }
            }
        }

        @Test
        void osmandGetPostAndJsonAreAnswered200OnceStored() throws Exception {
            String id = registered("osmand");
            int port = ports.port("osmand");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long t = Instant.now().minusSeconds(600).getEpochSecond();
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/?id=" + id + "&lat=-12.0464&lon=-77.0428&timestamp=" + t + "&speed=3.2&batt=81")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(stored(id)).isEqualTo(1);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("id=" + id + "&lat=-12.0465&lon=-77.0429&timestamp=" + (t + 60)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(stored(id)).isEqualTo(2);
            String json = "{\"location\":{\"timestamp\":\"" + Instant.ofEpochSecond(t + 120) + "\",\"coords\":"
                    + "{\"latitude\":-12.0466,\"longitude\":-77.043,\"accuracy\":5,\"speed\":0,\"heading\":-1,\"altitude\":150},"
                    + "\"battery\":{\"level\":0.8,\"is_charging\":false}},\"device_id\":\"" + id + "\"}";
            HttpResponse<String> postJson = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(postJson.statusCode()).isEqualTo(200);
            assertThat(stored(id)).isEqualTo(3);
        }

        @Test
        void osmandUnknownDeviceAndGarbageAreRefusedClearly() throws Exception {
            String id = newImei();
            int port = ports.port("osmand");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/?id=" + id + "&lat=-12.0464&lon=-77.0428")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(403);
            assertThat(unknown.body()).contains("not accepted").doesNotContain("registered");
            assertThat(refusals(id, "UNKNOWN")).isEqualTo(1);
            HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/?id=" + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(garbage.statusCode()).isEqualTo(400);
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
