package org.alterna.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.devices.DeviceRegistry;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Commands through a real socket to scripted devices: GT06 online commands matched to their answers by the server
 * flag (a WHERE# answer becomes a stored fix), a command queued for an offline device sent at its connection,
 * Teltonika Codec 12 on the session after an acknowledged data packet, OsmAnd refused for want of a return channel.
 */
@H2Test
class CommandsRoundTripTest {
    @Autowired
    CommandQueue queue;
    @Autowired
    DeviceRegistry registry;
    @Autowired
    GatewayPorts ports;
    @Autowired
    JdbcClient jdbc;

    static String imei() {
        return "86" + String.format("%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    private CommandStatus status(long id) {
        return queue.find(id).orElseThrow().status();
    }

    private void awaitStatus(long id, CommandStatus s) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == s);
    }

    @Test
    void gt06LocateNowIsAnsweredWithAPositionMatchedByTheServerFlag() throws Exception {
        String id = imei();
        registry.register(id, "gt06-ankle-tag", "gt06");
        try (ScriptedGt06 device = new ScriptedGt06(ports.port("gt06"))) {
            assertThat(device.login(id)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.hasReturnChannel(id));
            DeviceCommand c = queue.enqueue(id, CommandKind.LOCATE_NOW, null, "OPERATOR", null, null);
            ScriptedGt06.Received r = device.readCommand();
            assertThat(r.text()).isEqualTo("WHERE#");
            assertThat(r.serverFlag()).isEqualTo(c.id());
            awaitStatus(c.id(), CommandStatus.SENT);
            // an answer with another flag answers nothing
            device.answer21(r.serverFlag() + 1000, "OK");
            assertThat(device.silentFor(500)).isTrue();
            assertThat(status(c.id())).isEqualTo(CommandStatus.SENT);
            String when = Instant.now().minusSeconds(5).toString().substring(0, 19).replace('T', ' ');
            device.answer21(r.serverFlag(), "Lat:S12.046400,Lon:W77.042800,Course:0.00,Speed:0.00,DateTime:" + when);
            awaitStatus(c.id(), CommandStatus.CONFIRMED);
            DeviceCommand done = queue.find(c.id()).orElseThrow();
            assertThat(done.response()).contains("Lat:S12.046400");
            assertThat(done.attempts()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM fixes WHERE device_id = ? AND latitude = -12.0464").param(id)
                    .query(Long.class).single() == 1);
        }
        List<String> audit = jdbc.sql("SELECT action FROM audit_entry WHERE record_id = ? ORDER BY seq").param(id)
                .query(String.class).list();
        assertThat(audit).contains("command.queue", "command.sent", "command.confirmed");
    }

    @Test
    void aCommandForAnOfflineDeviceGoesAtItsNextConnection() throws Exception {
        String id = imei();
        registry.register(id, "gt06-default", "gt06");
        DeviceCommand c = queue.enqueue(id, CommandKind.PURSUIT_ON, null, "PURSUIT", null, null);
        assertThat(c.status()).isEqualTo(CommandStatus.QUEUED);
        try (ScriptedGt06 device = new ScriptedGt06(ports.port("gt06"))) {
            assertThat(device.login(id)).isTrue();
            ScriptedGt06.Received r = device.readCommand();
            assertThat(r.text()).isEqualTo("TIMER,15,15#");
            device.answer15(r.serverFlag(), "TIMER OK");
            awaitStatus(c.id(), CommandStatus.CONFIRMED);
            DeviceCommand off = queue.enqueue(id, CommandKind.PURSUIT_OFF, null, "PURSUIT", null, null);
            ScriptedGt06.Received r2 = device.readCommand();
            assertThat(r2.text()).isEqualTo("TIMER,60,60#");
            assertThat(r2.serverFlag()).isEqualTo(off.id());
            device.answer21(r2.serverFlag(), "TIMER OK");
            awaitStatus(off.id(), CommandStatus.CONFIRMED);
        }
    }

    @Test
    void teltonikaTakesCodec12AfterAnAcknowledgedDataPacket() throws Exception {
        String id = imei();
        registry.register(id, "teltonika-default", "teltonika");
        try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
            assertThat(device.login(id)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.hasReturnChannel(id));
            DeviceCommand locate = queue.enqueue(id, CommandKind.LOCATE_NOW, null, "OPERATOR", null, null);
            device.setTimeout(800);
            assertThat(device.silentFor(800)).as("no command before a data packet is acknowledged").isTrue();
            long t = System.currentTimeMillis() / 1000 * 1000 - 60_000;
            device.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t, -12.05, -77.04))));
            device.setTimeout(10_000);
            assertThat(device.readAck()).isEqualTo(1);
            assertThat(codec12(device)).isEqualTo("getrecord");
            // getrecord is answered by a record, not a text
            device.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t + 1000, -12.05, -77.04))));
            assertThat(device.readAck()).isEqualTo(1);
            awaitStatus(locate.id(), CommandStatus.CONFIRMED);
            DeviceCommand pursuit = queue.enqueue(id, CommandKind.PURSUIT_ON, null, "PURSUIT", null, null);
            // the minimum and send periods, home, roaming and unknown operator, on stop and moving (FMB parameter list)
            assertThat(codec12(device)).isEqualTo("setparam 10000:15;10005:15;10050:15;10055:15;10100:15;10105:15;"
                    + "10150:15;10155:15;10200:15;10205:15;10250:15;10255:15");
            device.send(codec12Response("Param ID:10000 Value:15"));
            awaitStatus(pursuit.id(), CommandStatus.CONFIRMED);
            assertThat(queue.find(pursuit.id()).orElseThrow().response()).contains("Value:15");
        }
    }

    @Test
    void theAnkleTagVibratesThroughCodec14AndTheAnswerConfirmsIt() throws Exception {
        String id = imei();
        registry.register(id, "teltonika-ankle-tag", "teltonika");
        try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
            assertThat(device.login(id)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.hasReturnChannel(id));
            DeviceCommand vibrate = queue.enqueue(id, CommandKind.VIBRATE, null, "OPERATOR", null, null);
            long t = System.currentTimeMillis() / 1000 * 1000 - 60_000;
            device.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t, -12.05, -77.04))));
            device.setTimeout(10_000);
            assertThat(device.readAck()).isEqualTo(1);
            assertThat(codec14(device, id)).isEqualTo("setdigout 1 5");
            awaitStatus(vibrate.id(), CommandStatus.SENT);
            device.send(codec14Response(id, "DOUT1:ON Timeout:5s"));
            awaitStatus(vibrate.id(), CommandStatus.CONFIRMED);
            assertThat(queue.find(vibrate.id()).orElseThrow().response()).isEqualTo("DOUT1:ON Timeout:5s");
            assertThat(queue.find(vibrate.id()).orElseThrow().wireText()).isEqualTo("setdigout 1 5");
        }
        List<String> audit = jdbc.sql("SELECT action FROM audit_entry WHERE record_id = ? ORDER BY seq").param(id)
                .query(String.class).list();
        assertThat(audit).containsSubsequence("command.queue", "command.sent", "command.confirmed");
    }

    @Test
    void noBuiltInModelTakesAMessageForTheWearerAndTheDefaultTeltonikaDoesNotVibrate() {
        String teltonika = imei();
        registry.register(teltonika, "teltonika-default", "teltonika");
        assertThatThrownBy(() -> queue.enqueue(teltonika, CommandKind.VIBRATE, null, "OPERATOR", null, null))
                .isInstanceOf(CommandQueue.CommandRefused.class).hasMessageContaining("does not accept VIBRATE");
        String gt06 = imei();
        registry.register(gt06, "gt06-ankle-tag", "gt06");
        assertThatThrownBy(() -> queue.enqueue(gt06, CommandKind.MESSAGE, "Regrese a su domicilio", "OPERATOR", null,
                null)).isInstanceOf(CommandQueue.CommandRefused.class).hasMessageContaining("does not accept MESSAGE");
    }

    @Test
    void osmandHasNoReturnChannel() {
        String id = imei();
        registry.register(id, "osmand", "osmand");
        assertThat(queue.hasReturnChannel(id)).isFalse();
        assertThatThrownBy(() -> queue.enqueue(id, CommandKind.LOCATE_NOW, null, "OPERATOR", null, null))
                .isInstanceOf(CommandQueue.CommandRefused.class).hasMessageContaining("no return channel");
    }

    @Test
    void aModelTakesOnlyTheCommandsItsProfileLists() {
        String id = imei();
        registry.register(id, "h02-default", "h02");
        assertThatThrownBy(() -> queue.enqueue(id, CommandKind.LOCATE_NOW, null, "OPERATOR", null, null))
                .isInstanceOf(CommandQueue.CommandRefused.class).hasMessageContaining("does not accept LOCATE_NOW");
        assertThat(queue.enqueue(id, CommandKind.PURSUIT_ON, null, "PURSUIT", null, null).status())
                .isEqualTo(CommandStatus.QUEUED);
    }

    /** Reads one Codec 12 command message and returns its text, checking the layout and the CRC. */
    static String codec12(TeltonikaClient device) throws IOException {
        byte[] head = new byte[8];
        for (int i = 0; i < 8; i++) {
            head[i] = (byte) device.readByte();
        }
        int size = ByteBuffer.wrap(head, 4, 4).getInt();
        assertThat(ByteBuffer.wrap(head, 0, 4).getInt()).isZero();
        byte[] rest = new byte[size + 4];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = (byte) device.readByte();
        }
        assertThat(rest[0]).as("codec 12").isEqualTo((byte) 0x0C);
        assertThat(rest[2]).as("type: command").isEqualTo((byte) 0x05);
        int length = ByteBuffer.wrap(rest, 3, 4).getInt();
        assertThat(crc16Ibm(rest, 0, size)).isEqualTo(ByteBuffer.wrap(rest, size, 4).getInt());
        return new String(rest, 7, length, StandardCharsets.US_ASCII);
    }

    /** Reads one Codec 14 command message addressed to {@code imei} and returns its text, checking layout and CRC. */
    static String codec14(TeltonikaClient device, String imei) throws IOException {
        byte[] head = new byte[8];
        for (int i = 0; i < 8; i++) {
            head[i] = (byte) device.readByte();
        }
        int size = ByteBuffer.wrap(head, 4, 4).getInt();
        byte[] rest = new byte[size + 4];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = (byte) device.readByte();
        }
        assertThat(rest[0]).as("codec 14").isEqualTo((byte) 0x0E);
        assertThat(rest[2]).as("type: command").isEqualTo((byte) 0x05);
        int length = ByteBuffer.wrap(rest, 3, 4).getInt();
        assertThat(java.util.HexFormat.of().formatHex(rest, 7, 15)).as("IMEI, 8 bytes of BCD").isEqualTo("0" + imei);
        assertThat(crc16Ibm(rest, 0, size)).isEqualTo(ByteBuffer.wrap(rest, size, 4).getInt());
        return new String(rest, 15, length - 8, StandardCharsets.US_ASCII);
    }

    /** A Codec 14 answer (type 06: the IMEI is the device's own). */
    static byte[] codec14Response(String imei, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] bcd = java.util.HexFormat.of().parseHex("0" + imei);
        int size = 1 + 1 + 1 + 4 + 8 + t.length + 1;
        ByteBuffer b = ByteBuffer.allocate(8 + size + 4).putInt(0).putInt(size).put((byte) 0x0E).put((byte) 1)
                .put((byte) 0x06).putInt(8 + t.length).put(bcd).put(t).put((byte) 1);
        byte[] out = b.array();
        ByteBuffer.wrap(out, 8 + size, 4).putInt(crc16Ibm(out, 8, 8 + size));
        return out;
    }

    static byte[] codec12Response(String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        int size = 1 + 1 + 1 + 4 + t.length + 1;
        ByteBuffer b = ByteBuffer.allocate(8 + size + 4).putInt(0).putInt(size).put((byte) 0x0C).put((byte) 1)
                .put((byte) 0x06).putInt(t.length).put(t).put((byte) 1);
        byte[] out = b.array();
        ByteBuffer.wrap(out, 8 + size, 4).putInt(crc16Ibm(out, 8, 8 + size));
        return out;
    }

    static int crc16Ibm(byte[] d, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= d[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
