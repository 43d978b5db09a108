package org.alterna.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.FixStore;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Device events are data: a GT06 heartbeat carrying the strap-removed alarm, sent through the real socket, is stored
 * before it is acknowledged and raises STRAP_TAMPER on the desk; with the writer's queue full, a heartbeat's
 * acknowledgement waits until it is stored (here: SOS → PANIC) instead of being dropped. A heartbeat sent with the
 * login, before the device is admitted, is still read with the device's model profile.
 */
@H2Test
@TestPropertySource(properties = {"alterna.telemetry.batch.capacity=4",
    "alterna.telemetry.hold-file=target/device-event-test-writer-hold"})
class DeviceEventTest {
    static final Path HOLD = Path.of("target/device-event-test-writer-hold");

    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts ports;
    @Autowired
    FixStore fixes;

    @Test
    void aHeartbeatWithTheStrapOpenRaisesStrapTamperAndAFullQueueDelaysTheAckInsteadOfDroppingIt() throws Exception {
        Files.deleteIfExists(HOLD);
        String order = ActiveOrders.create(port, "HOUSE_ARREST", """
                {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
                  "radiusMeters":100}],"lowBatteryPercent":15}""");
        String imei = "86" + String.format("%013d", System.nanoTime() % 10_000_000_000_000L);
        Api supervisor = Api.as(port, "supervisor");
        assertThat(supervisor.post("/api/v1/devices", Map.of("uniqueId", imei, "model", "gt06-ankle-tag",
                "protocol", "gt06")).status()).isEqualTo(201);
        assertThat(supervisor.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", order,
                "role", "PERSON_UNIT")).status()).isIn(200, 201);

        try (Socket gt06 = new Socket("127.0.0.1", ports.port("gt06"))) {
            gt06.setSoTimeout(10_000);
            gt06.getOutputStream().write(login(imei, 1));
            assertThat(readPacket(gt06.getInputStream())[3]).as("login acknowledged").isEqualTo((byte) 0x01);

            // strap cut, reported in a heartbeat (alarm code 0x18 of the GT06 ankle tags)
            gt06.getOutputStream().write(heartbeat(0x41, 4, 0x18, 2));
            byte[] ack = readPacket(gt06.getInputStream());
            assertThat(ack[3]).as("heartbeat acknowledged").isEqualTo((byte) 0x13);
            awaitAlarm(order, "STRAP_TAMPER", "CRITICAL");
            assertThat(Api.as(port, "operator").get("/api/v1/orders/" + order + "/engine-events").json())
                    .anySatisfy(e -> {
                        assertThat(e.get("type").stringValue()).isEqualTo("STRAP_TAMPER");
                        assertThat(e.get("kind").stringValue()).isEqualTo("RAISED");
                    });

            // the writer stops taking batches; a Teltonika device fills its queue (capacity 4)
            Files.writeString(HOLD, "held");
            // (another person's tag: an order has one person's unit)
            String otherOrder = ActiveOrders.create(port, "HOUSE_ARREST", """
                    {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.1,-12.2]},
                      "radiusMeters":100}]}""");
            String other = ActiveOrders.device(port, otherOrder, "PERSON_UNIT");
            try (TeltonikaClient teltonika = TeltonikaClient.connect(ports.port("teltonika"))) {
                assertThat(teltonika.login(other)).isEqualTo(1);
                List<TeltonikaClient.Rec> four = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    four.add(TeltonikaClient.Rec.at(Instant.now().minusSeconds(60 - i).toEpochMilli(), -12.2, -77.1));
                }
                teltonika.send(TeltonikaClient.avlPacket(four));
                // the panic button, in the next heartbeat: it waits for room, unacknowledged, not refused
                gt06.getOutputStream().write(heartbeat(0x41 | (0b100 << 3), 4, 0x00, 3));
                gt06.setSoTimeout(1500);
                assertThat(silent(gt06.getInputStream())).as("no acknowledgement while the record is not stored")
                        .isTrue();
                assertThat(alarms(order)).noneMatch(a -> a.get("type").stringValue().equals("PANIC"));
                Files.delete(HOLD);
                gt06.setSoTimeout(15_000);
                assertThat(readPacket(gt06.getInputStream())[3]).as("acknowledged once stored").isEqualTo((byte) 0x13);
                assertThat(teltonika.readAck()).isEqualTo(4);
            }
            gt06.setSoTimeout(10_000);
            awaitAlarm(order, "PANIC", "CRITICAL");
        } finally {
            Files.deleteIfExists(HOLD);
        }
    }

    @Test
    void aStrapAlarmSentWithTheLoginIsReadWithTheDevicesModel() throws Exception {
        // the tag does not wait for the login's answer: its first heartbeat is decoded before the device is admitted,
        // and still read with its model's profile (gt06-ankle-tag: alarm code 0x18 is the strap cut)
        String order = ActiveOrders.create(port, "HOUSE_ARREST", """
                {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.05,-12.14]},
                  "radiusMeters":100}]}""");
        String imei = "86" + String.format("%013d", (System.nanoTime() + 7) % 10_000_000_000_000L);
        Api supervisor = Api.as(port, "supervisor");
        assertThat(supervisor.post("/api/v1/devices", Map.of("uniqueId", imei, "model", "gt06-ankle-tag",
                "protocol", "gt06")).status()).isEqualTo(201);
        assertThat(supervisor.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", order,
                "role", "PERSON_UNIT")).status()).isIn(200, 201);
        try (Socket gt06 = new Socket("127.0.0.1", ports.port("gt06"))) {
            gt06.setSoTimeout(10_000);
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(login(imei, 1));
            both.write(heartbeat(0x41, 4, 0x18, 2));
            gt06.getOutputStream().write(both.toByteArray());
            assertThat(readPacket(gt06.getInputStream())[3]).as("login acknowledged").isEqualTo((byte) 0x01);
            assertThat(readPacket(gt06.getInputStream())[3]).as("heartbeat acknowledged").isEqualTo((byte) 0x13);
            // the protocol's default profile knows no strap: only the model's says the strap is open
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(fixes.latest(imei)).hasValueSatisfying(latest ->
                            assertThat(latest.strap()).isEqualTo(Fix.StrapState.OPEN)));
            awaitAlarm(order, "STRAP_TAMPER", "CRITICAL");
        }
    }

    private void awaitAlarm(String order, String type, String severity) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(alarms(order)).anySatisfy(a -> {
                    assertThat(a.get("type").stringValue()).isEqualTo(type);
                    assertThat(a.get("severity").stringValue()).isEqualTo(severity);
                }));
    }

    private List<JsonNode> alarms(String order) {
        List<JsonNode> out = new ArrayList<>();
        Api.as(port, "operator").get("/api/v1/alarms?orderId=" + order).json().forEach(out::add);
        return out;
    }

    private static boolean silent(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------ GT06 frames

    static byte[] login(String imei, int serial) {
        String digits = (imei.length() % 2 == 1 ? "0" : "") + imei;
        byte[] bcd = new byte[8];
        for (int i = 0; i < 8; i++) {
            bcd[i] = (byte) (((digits.charAt(2 * i) - '0') << 4) | (digits.charAt(2 * i + 1) - '0'));
        }
        return packet(0x01, bcd, serial);
    }

    /** Status/heartbeat 0x13: terminal information, voltage level, GSM signal, alarm code, language. */
    static byte[] heartbeat(int terminalInfo, int voltageLevel, int alarm, int serial) {
        return packet(0x13, new byte[] {(byte) terminalInfo, (byte) voltageLevel, 4, (byte) alarm, 0x02}, serial);
    }

    static byte[] packet(int protocol, byte[] content, int serial) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x78);
        b.write(0x78);
        b.write(content.length + 5);
        b.write(protocol);
        b.writeBytes(content);
        b.write(serial >> 8);
        b.write(serial);
        byte[] partial = b.toByteArray();
        int crc = crcItu(partial, 2, partial.length);
        b.write(crc >> 8);
        b.write(crc);
        b.write(0x0D);
        b.write(0x0A);
        return b.toByteArray();
    }

    /** CRC-ITU (X.25) as GT06 uses it. */
    static int crcItu(byte[] data, int from, int to) {
        int crc = 0xFFFF;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
        }
        return ~crc & 0xFFFF;
    }

    static byte[] readPacket(InputStream in) throws IOException {
        byte[] head = in.readNBytes(3);
        assertThat(head).hasSize(3);
        byte[] rest = in.readNBytes((head[2] & 0xFF) + 2);
        byte[] all = new byte[3 + rest.length];
        System.arraycopy(head, 0, all, 0, 3);
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }
}
