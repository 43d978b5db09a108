package org.alterna.gateway.protocol;

import static org.alterna.gateway.protocol.Gt06ProtocolTest.gps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.alterna.telemetry.Fix.StrapState;
import org.junit.jupiter.api.Test;

/**
 * The Concox packet types beyond the basic GT06 set, each frame built byte by byte from the documents' field
 * tables (JM-VL03 for 0x22-0x2A, 0x94 and 0xA0-0xA4; GT03 for 0x10-0x1A; CT10 for 0x70).
 */
class Gt06PacketTypesTest {
    private static final Instant T = Instant.parse("2024-06-19T01:38:28Z");
    private static final double LAT = -12.0463731;
    private static final double LON = -77.0427934;

    private final Gt06Protocol protocol = new Gt06Protocol(Clock.fixed(T, ZoneOffset.UTC));

    private static ProtocolSession session(String profile) {
        ProtocolSession s = new ProtocolSession();
        s.deviceId("123456789012345");
        if (profile != null) {
            s.values().put(DeviceModelProfile.SESSION_KEY, profile);
        }
        return s;
    }

    private List<DeviceMessage> decode(int protocolNumber, byte[] content, String profile) throws DecodeException {
        return protocol.decode(Bytes.gt06Packet(protocolNumber, content, 0x0102), session(profile));
    }

    private Fix fix(int protocolNumber, byte[] content) throws DecodeException {
        DeviceMessage.Report report = (DeviceMessage.Report) decode(protocolNumber, content, null).get(0);
        assertThat(Bytes.hex(report.ackAfterStore()))
                .isEqualTo(Bytes.hex(Bytes.gt06Packet(protocolNumber, new byte[0], 0x0102)));
        return report.fixes().get(0);
    }

    private Map<String, Object> status(int protocolNumber, byte[] content, String type) throws DecodeException {
        DeviceMessage.Status status = (DeviceMessage.Status) decode(protocolNumber, content, null).get(0);
        assertThat(status.status()).containsEntry("type", type);
        return status.status();
    }

    private static void assertPosition(Fix fix) {
        assertThat(fix.deviceTime()).isEqualTo(T);
        assertThat(fix.latitude()).isCloseTo(LAT, offset(1e-6));
        assertThat(fix.longitude()).isCloseTo(LON, offset(1e-6));
    }

    private static byte[] gpsBlock() {
        return gps(T, LAT, LON, 35, 271, true);
    }

    private static Bytes date(Bytes b, Instant t) {
        var d = t.atOffset(ZoneOffset.UTC);
        return b.u8(d.getYear() - 2000).u8(d.getMonthValue()).u8(d.getDayOfMonth()).u8(d.getHour())
                .u8(d.getMinute()).u8(d.getSecond());
    }

    @Test
    void location4gWithTwoByteMncAndWifiResolvedPosition() throws Exception {
        // 0xA0: GPS, MCC with bit 15 set (2-byte MNC), MNC, LAC (4), cell id (8), ACC, upload mode, re-upload, mileage
        byte[] content = new Bytes().raw(gpsBlock()).u16(0x8000 | 716).u16(10).u32(0x00012345L)
                .u64(0x0000000012ABCDEFL).u8(1).u8(0x0B).u8(0).u32(19249).bytes();
        Fix fix = fix(0xA0, content);
        assertPosition(fix);
        assertThat(fix.speedKmh()).isEqualTo(35.0);
        assertThat(fix.course()).isEqualTo(271.0);
        assertThat(fix.source()).isEqualTo(Fix.PositionSource.WIFI); // upload mode 0x0B: resolved from Wi-Fi
        assertThat(fix.io()).containsEntry("mcc", 716).containsEntry("mnc", 10).containsEntry("lac", 0x12345)
                .containsEntry("cellId", 0x12ABCDEF).containsEntry("acc", true).containsEntry("mileage", 19249L)
                .containsEntry("cells", List.of(Map.of("mcc", 716, "mnc", 10, "lac", 0x12345L, "cid", 0x12ABCDEFL)));
    }

    @Test
    void multiFenceAlarm4gTamperWithChargingAndFence() throws Exception {
        // 0xA4: GPS, LBS length (16, counting itself), 4G cell, terminal info, voltage level, GSM, alarm, language,
        // fence number
        byte[] content = new Bytes().raw(gpsBlock()).u8(16).u16(716).u8(10).u32(0x7EF4).u64(0x06428B07L)
                .u8(0b0100_0110).u8(5).u8(4).u8(0x13).u8(0x02).u8(3).bytes();
        Fix fix = fix(0xA4, content);
        assertPosition(fix);
        assertThat(fix.alarms()).isEqualTo(Set.of(DeviceAlarm.TAMPER));
        assertThat(fix.charging()).isTrue();
        assertThat(fix.batteryPercent()).isEqualTo(80);
        assertThat(fix.io()).containsEntry("alarmCode", 0x13).containsEntry("fenceNumber", 3)
                .containsEntry("cellId", 0x06428B07).containsEntry("acc", true);
    }

    @Test
    void ankleTagStrapRemovalIn4gAlarm() throws Exception {
        byte[] content = new Bytes().raw(gpsBlock()).u8(16).u16(716).u8(10).u32(1).u64(2)
                .u8(0).u8(3).u8(4).u8(0x18).u8(0x02).u8(0xFF).bytes();
        DeviceMessage.Report report = (DeviceMessage.Report) decode(0xA3, content, "gt06-ankle-tag").get(0);
        assertThat(report.fixes().get(0).strap()).isEqualTo(StrapState.OPEN);
        assertThat(report.fixes().get(0).alarms()).containsExactly(DeviceAlarm.TAMPER);
    }

    @Test
    void gps4gWithStatusBatteryPercentAndExternalPower() throws Exception {
        // 0xA2: GPS, 4G cell, a reserved byte, terminal info, external voltage (0.01 V), battery (% above 6),
        // GSM, alarm, language
        byte[] content = new Bytes().raw(gpsBlock()).u16(732).u8(101).u32(0x6981).u64(0x095674C9L)
                .u8(0x11).u8(0b0100_0101).u16(1247).u8(42).u8(4).u8(0x01).u8(0x01).u32(19249).bytes();
        Fix fix = fix(0xA2, content);
        assertPosition(fix);
        assertThat(fix.batteryPercent()).isEqualTo(42);
        assertThat(fix.charging()).isTrue();
        assertThat(fix.alarms()).isEqualTo(Set.of(DeviceAlarm.SOS));
        assertThat(fix.io()).containsEntry("externalVoltage", 12.47).containsEntry("gsmSignal", 4);
    }

    @Test
    void lbsMultiBase4gIsAStatusWithEveryHeardCell() throws Exception {
        // 0xA1: time, MCC, MNC, then 7 x (LAC (4), cell id (8), RSSI); empty neighbours are zeros
        Bytes b = date(new Bytes(), T).u16(716).u8(10);
        b.u32(0x1001).u64(0x2001).u8(60);
        b.u32(0x1001).u64(0x2002).u8(40);
        for (int i = 0; i < 5; i++) {
            b.u32(0).u64(0).u8(0);
        }
        Map<String, Object> s = status(0xA1, b.u8(0xFF).u16(2).bytes(), "lbs");
        assertThat(s).containsEntry("time", T.toString()).containsEntry("cellId", 0x2001)
                .containsEntry("cells", List.of(Map.of("mcc", 716, "mnc", 10, "lac", 0x1001L, "cid", 0x2001L, "rssi", 60),
                        Map.of("mcc", 716, "mnc", 10, "lac", 0x1001L, "cid", 0x2002L, "rssi", 40)));
    }

    @Test
    void lbsMultiBase2gIsAStatusWithTheNeighbours() throws Exception {
        // 0x28: time, MCC, MNC, serving LAC/CI/RSSI, six neighbours, timing advance, language
        Bytes b = date(new Bytes(), T).u16(716).u8(6).u16(0x287D).u24(0x1F71).u8(0x3E).u16(0x287D).u24(0x1F72)
                .u8(0x31);
        for (int i = 0; i < 5; i++) {
            b.u16(0).u24(0).u8(0);
        }
        Map<String, Object> s = status(0x28, b.u8(0xFF).u16(2).bytes(), "lbs");
        assertThat(s).containsEntry("lac", 0x287D).containsEntry("cellId", 0x1F71);
        assertThat((List<?>) s.get("cells")).hasSize(2);
    }

    @Test
    void lbsAlarm2gAnd4gCarryTheAlarm() throws Exception {
        // 0x19 (GT03 5.8): cell, terminal info, voltage level, GSM, alarm, language
        Map<String, Object> low = status(0x19, new Bytes().u16(655).u8(10).u16(0x29E1).u24(0x36F1)
                .u8(0x40).u8(3).u8(4).u8(0x19).u8(2).bytes(), "lbsAlarm");
        assertThat(low).containsEntry("alarms", List.of("LOW_BATTERY")).containsEntry("lac", 0x29E1);
        // 0xA5: the same with a 4G cell
        Map<String, Object> sos = status(0xA5, new Bytes().u16(302).u8(220).u32(0x75DF).u64(0x986615)
                .u8(0x02).u8(5).u8(4).u8(0x01).u8(0).bytes(), "lbsAlarm");
        assertThat(sos).containsEntry("alarms", List.of("SOS")).containsEntry("cellId", 0x986615)
                .containsEntry("batteryPercent", 80).containsEntry("acc", true);
    }

    @Test
    void wifiPacketKeepsAccessPointsAndCellsAsEvidence() throws Exception {
        // 0x2C: time, MCC, MNC, 7 x (LAC, CI, RSSI), timing advance, Wi-Fi count, count x (MAC, strength)
        Bytes b = date(new Bytes(), T).u16(310).u8(4).u16(0xCB8A).u24(0xB177).u8(0x54);
        for (int i = 0; i < 6; i++) {
            b.u16(0).u24(0).u8(0xFF);
        }
        b.u8(7).u8(2).hexBytes("001801eb4039").u8(0x38).hexBytes("a0b1c2d3e4f5").u8(0x50);
        Map<String, Object> s = status(0x2C, b.bytes(), "wifi");
        assertThat(s).containsEntry("wifi", List.of(Map.of("mac", "00:18:01:eb:40:39", "rssi", -56),
                Map.of("mac", "a0:b1:c2:d3:e4:f5", "rssi", -80)));
        assertThat((List<?>) s.get("cells")).hasSize(1);
    }

    @Test
    void informationPacketsAreUnansweredStatus() throws Exception {
        // 0x94 type 0x00: external battery voltage (0.01 V)
        DeviceMessage.Status volts = (DeviceMessage.Status) decode(0x94, new Bytes().u8(0x00).u16(1183).bytes(), null)
                .get(0);
        assertThat(volts.status()).containsEntry("type", "info").containsEntry("externalVoltage", 11.83);
        assertThat(volts.reply()).isEmpty();
        // type 0x04: status synchronisation; STA1 bit 0 (a vehicle tracker's case tamper) is kept, raises no alarm
        byte[] sync = "ALM1=C5;ALM2=CC;STA1=C1;DYD=01;SOS=013288837;".getBytes(StandardCharsets.US_ASCII);
        Map<String, Object> s = status(0x94, new Bytes().u8(0x04).raw(sync).bytes(), "info");
        assertThat(s).containsEntry("alm1", 0xC5).containsEntry("sta1", 0xC1).containsEntry("sos", "013288837")
                .doesNotContainKey("alarms");
        // type 0x0A: IMEI, IMSI, ICCID in BCD
        Map<String, Object> sim = status(0x94, new Bytes().u8(0x0A).hexBytes("0123456789012345")
                .hexBytes("0716100123456789").hexBytes("89511000001234567890").bytes(), "info");
        assertThat(sim).containsEntry("imsi", "0716100123456789").containsEntry("iccid", "89511000001234567890");
        // type 0x05: door status
        assertThat(status(0x94, new Bytes().u8(0x05).u8(0b101).bytes(), "info")).containsEntry("door", true)
                .containsEntry("ioPort", true);
    }

    @Test
    void assetTrackerModulesGivePositionTamperAndBattery() throws Exception {
        // 0x70 (CT10): modules of id (2), length (2), data
        byte[] gpsModule = new Bytes().u32(T.getEpochSecond()).u8(6).u16(213)
                .u32(Math.round(Math.abs(LAT) * 1_800_000)).u32(Math.round(Math.abs(LON) * 1_800_000)).u8(4)
                .u16(0x1000 | 0x0800 | 277).bytes();
        byte[] content = new Bytes().u16(0x0000).u16(1).u8(2)
                .u16(0x0035).u16(1).u8(0x01)
                .u16(0x0033).u16(gpsModule.length).raw(gpsModule)
                .u16(0x0018).u16(2).u16(370)
                .u16(0x0009).u16(1).u8(6)
                .u16(0x0028).u16(1).u8(13)
                .u16(0x0003).u16(10).hexBytes("89012608522933976266")
                .u16(0x0777).u16(3).hexBytes("aabbcc").bytes();
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(
                new Bytes().u16(0x7979).raw(longBody(0x70, content)).bytes(), session(null)).get(0);
        Fix fix = report.fixes().get(0);
        assertPosition(fix);
        assertThat(fix.altitude()).isEqualTo(213.0);
        assertThat(fix.course()).isEqualTo(277.0);
        assertThat(fix.speedKmh()).isEqualTo(4.0);
        assertThat(fix.satellites()).isEqualTo(6);
        assertThat(fix.hdop()).isEqualTo(1.3);
        assertThat(fix.alarms()).as("module 0x35 raises no strap alarm by itself").isEmpty();
        assertThat(fix.io()).containsEntry("tamper", true);
        assertThat(fix.io()).containsEntry("batteryVoltage", 3.7).containsEntry("iccid", "89012608522933976266");
    }

    @Test
    void aProfileWhoseDocumentSaysSoMapsTheRemovalBitsToTamper() throws Exception {
        DeviceModelProfile documented = DeviceModelProfile.load(new java.io.ByteArrayInputStream(
                "{\"tag\": {\"protocol\": \"gt06\", \"alarms\": {\"tamper\": \"TAMPER\", \"sta1:0\": \"TAMPER\"}}}"
                        .getBytes(StandardCharsets.UTF_8))).get("tag");
        ProtocolSession s = session(null);
        s.values().put(DeviceModelProfile.SESSION_KEY, documented);
        byte[] content = new Bytes().u16(0x0035).u16(1).u8(0x01).bytes();
        DeviceMessage m = protocol.decode(new Bytes().u16(0x7979).raw(longBody(0x70, content)).bytes(), s).get(0);
        assertThat(((DeviceMessage.Status) m).status()).containsEntry("alarms", List.of("TAMPER"));
        byte[] sync = "STA1=C1;".getBytes(StandardCharsets.US_ASCII);
        DeviceMessage info = protocol.decode(new Bytes().u16(0x7979).raw(longBody(0x94,
                new Bytes().u8(0x04).raw(sync).bytes())).bytes(), s).get(0);
        assertThat(((DeviceMessage.Status) info).status()).containsEntry("alarms", List.of("TAMPER"));
    }

    /** A 0x7979 frame body after the start bytes: length (2), protocol, content, serial, CRC, 0D0A. */
    private static byte[] longBody(int protocolNumber, byte[] content) {
        byte[] body = new Bytes().u16(content.length + 5).u8(protocolNumber).raw(content).u16(0x0102).bytes();
        return new Bytes().raw(body).u16(Bytes.crcX25(body, 0, body.length)).u16(0x0D0A).bytes();
    }

    @Test
    void locationReplyToACommandIsAFixWithoutAck() throws Exception {
        // 0x21: server flag, encoding 1 (ASCII), the text of the WHERE# answer
        byte[] text = "Current position!Lat:S12.046373,Lon:W77.042793,Course:126.53,Speed:3.5,DateTime:2024-06-19  01:38:28"
                .getBytes(StandardCharsets.US_ASCII);
        DeviceMessage.Report report = (DeviceMessage.Report) decode(0x21,
                new Bytes().u32(0x00000001).u8(1).raw(text).bytes(), null).get(0);
        assertThat(report.ackAfterStore()).isEmpty();
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(T);
        assertThat(fix.latitude()).isEqualTo(-12.046373);
        assertThat(fix.longitude()).isEqualTo(-77.042793);
        assertThat(fix.course()).isEqualTo(126.53);
        assertThat(fix.speedKmh()).isEqualTo(3.5);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.io()).containsEntry("serverFlag", 1L);
        // 0x15: length, server flag, text, language; a reply without a position stays a status
        byte[] ok = "Restore fuel supply:Success!".getBytes(StandardCharsets.US_ASCII);
        DeviceMessage.Status status = (DeviceMessage.Status) decode(0x15,
                new Bytes().u8(ok.length + 4).u32(7).raw(ok).u16(2).bytes(), null).get(0);
        assertThat(status.status()).containsEntry("type", "commandResponse")
                .containsEntry("response", "Restore fuel supply:Success!").containsEntry("serverFlag", 7L);
        assertThat(status.reply()).isEmpty();
    }

    @Test
    void locationLedByTheImeiOnVehicleModels() throws Exception {
        // 0x22 as XT40/NT20 send it: 01, BCD IMEI, device time, then the GPS block (its own time) and the cell
        byte[] content = new Bytes().u8(0x01).hexBytes("0357789648774484")
                .raw(date(new Bytes(), T.plusSeconds(2)).bytes()).raw(gpsBlock()).u16(716).u8(10).u16(1).u24(2)
                .bytes();
        Fix fix = fix(0x22, content);
        assertPosition(fix);
        assertThat(fix.io()).containsEntry("imei", "357789648774484").containsEntry("deviceTime",
                T.plusSeconds(2).toString());
        // 0x12 with the IMEI first
        Fix led = fix(0x12, new Bytes().hexBytes("0866703066502297").raw(gpsBlock()).u16(310).u8(110).u16(1)
                .u24(0x10C).bytes());
        assertPosition(led);
        assertThat(led.io()).containsEntry("imei", "866703066502297").containsEntry("cellId", 0x10C);
    }

    @Test
    void otherLocationLayouts() throws Exception {
        // 0x10 (GT03 5.2): GPS block and two reserved bytes
        assertPosition(fix(0x10, new Bytes().raw(gpsBlock()).u16(1).bytes()));
        // 0x11 carrying a GPS block and the serving cell
        Fix lbsGps = fix(0x11, new Bytes().raw(gpsBlock()).u16(302).u8(2).u16(0xD075).u24(0xDF0084).bytes());
        assertPosition(lbsGps);
        assertThat(lbsGps.io()).containsEntry("cellId", 0xDF0084);
        // 0x1E: GPS, then MCC, MNC and seven cells
        Bytes neighbours = new Bytes().raw(gpsBlock()).u16(736).u8(3);
        for (int i = 0; i < 7; i++) {
            neighbours.u16(0x433A).u24(0x2FED + i).u8(0x40 + i);
        }
        Fix multi = fix(0x1E, neighbours.u8(0xFF).u16(2).bytes());
        assertPosition(multi);
        assertThat((List<?>) multi.io().get("cells")).hasSize(7);
        // 0x34: four leading bytes, then the GPS block
        assertPosition(fix(0x34, new Bytes().u32(0x39000000L).raw(gpsBlock()).u16(0).bytes()));
        // 0x36: GPS, cell with a 4-byte cell id, ACC, upload mode, re-upload, mileage
        Fix lte = fix(0x36, new Bytes().raw(gpsBlock()).u16(460).u8(0).u16(0x25EF).u32(0x0540E88CL).u8(1).u8(0)
                .u8(0).u32(100).bytes());
        assertPosition(lte);
        assertThat(lte.io()).containsEntry("cellId", 0x0540E88C).containsEntry("mileage", 100L);
        // 0x95: FFFF and a type byte, time, GPS info, coordinates, course/status, speed (2), power (0.1 V), event
        var flags = 0x1000 | 0x0800 | 169;
        Fix event = fix(0x95, date(new Bytes().u16(0xFFFF).u8(1), T).u8(0xDA)
                .u32(Math.round(Math.abs(LAT) * 1_800_000)).u32(Math.round(Math.abs(LON) * 1_800_000))
                .u16(flags).u16(44).u16(138).u8(0x92).u16(0).ascii("EVENT_1.mp4").bytes());
        assertPosition(event);
        assertThat(event.speedKmh()).isEqualTo(44.0);
        assertThat(event.course()).isEqualTo(169.0);
        assertThat(event.io()).containsEntry("event", 0x92).containsEntry("externalVoltage", 13.8);
    }

    @Test
    void extendedLocationWithLengthsInTheLongFrame() throws Exception {
        // 0x32 in a 0x7979 frame: time, GPS length (12), GPS data, LBS length (counting itself), cell
        byte[] gpsData = java.util.Arrays.copyOfRange(gpsBlock(), 6, 18);
        byte[] content = date(new Bytes(), T).u8(12).raw(gpsData).u8(10).u16(510).u8(10).u16(0x7C).u24(0x911)
                .u8(0x24).bytes();
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(
                new Bytes().u16(0x7979).raw(longBody(0x32, content)).bytes(), session(null)).get(0);
        assertPosition(report.fixes().get(0));
        assertThat(report.fixes().get(0).io()).containsEntry("cellId", 0x911);
        // no GPS data (length 0): a status with the time
        byte[] none = date(new Bytes(), T).u8(0).u8(9).u16(510).u8(10).u16(0x7C).u24(0x911).bytes();
        DeviceMessage.Status status = (DeviceMessage.Status) protocol.decode(
                new Bytes().u16(0x7979).raw(longBody(0x32, none)).bytes(), session(null)).get(0);
        assertThat(status.status()).containsEntry("type", "location").containsEntry("cellId", 0x911);
    }

    @Test
    void jmVl01HeartbeatHasAnExternalVoltage() throws Exception {
        // 0x23: terminal info, voltage (2 bytes, 0.01 V), GSM signal, language
        Map<String, Object> s = status(0x23, new Bytes().u8(0b1100_0000).u16(1290).u8(4).u16(2).bytes(), "heartbeat");
        assertThat(s).containsEntry("externalVoltage", 12.9).containsEntry("gsmSignal", 4)
                .containsEntry("oilElectricityDisconnected", true);
    }

    @Test
    void neverPositionedPacketIsNotAFixAtNullIsland() throws Exception {
        byte[] content = new Bytes().raw(gps(T, 0, 0, 0, 0, false)).u16(460).u8(0).u16(1).u24(2).u8(0).u8(0).u8(0)
                .bytes();
        DeviceMessage.Status status = (DeviceMessage.Status) decode(0x22, content, null).get(0);
        assertThat(status.status()).containsEntry("type", "noPosition").containsEntry("time", T.toString());
        assertThat(Bytes.hex(status.reply())).isEqualTo(Bytes.hex(Bytes.gt06Packet(0x22, new byte[0], 0x0102)));
    }

    @Test
    void checksumIsCheckedBeforeTheStopBytes() {
        byte[] frame = Bytes.gt06Packet(0x10, new Bytes().raw(gpsBlock()).u16(1).bytes(), 1);
        frame[frame.length - 1] = 0x00; // stop bytes and checksum both wrong: the checksum is named
        frame[8] ^= 1;
        assertThatThrownBy(() -> protocol.decode(frame, session(null))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("CRC mismatch");
    }

    @Test
    void cutShortFrameIsNamedByTheFramer() throws Exception {
        byte[] frame = Bytes.gt06Packet(0x10, new Bytes().raw(gpsBlock()).u16(1).bytes(), 1);
        byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 1);
        assertThatThrownBy(() -> FrameDecoder.split(protocol.framer(), cut, f -> { }))
                .isInstanceOf(DecodeException.class).hasMessageContaining("frame cut short");
        assertThat(protocol.frameLength(Unpooled.wrappedBuffer(cut))).isEqualTo(-1);
    }
}
