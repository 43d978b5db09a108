package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.alterna.telemetry.Fix.StrapState;
import org.junit.jupiter.api.Test;

class Gt06ProtocolTest {
    // Examples of the Concox "GT06 GPS Tracker Communication Protocol" document (sections 5.1-5.4).
    static final String DOC_LOGIN = "78780D01012345678901234500018CDD0D0A";
    static final String DOC_LOGIN_ACK = "787805010001D9DC0D0A";
    static final String DOC_LOCATION = "78781F120B081D112E10CF027AC7EB0C46584900148F01CC00287D001FB8000380810D0A";
    static final String DOC_HEARTBEAT = "78780A134004040001000FDCEE0D0A";
    static final String DOC_ALARM = "787825160B0B0F0E241DCF027AC8870C4657E60014020901CC00287D001F726506040101003656A40D0A";

    private final Gt06Protocol protocol = new Gt06Protocol(
            Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC));

    private static ProtocolSession loggedIn(String profile) {
        ProtocolSession s = new ProtocolSession();
        s.deviceId("123456789012345");
        if (profile != null) {
            s.values().put(DeviceModelProfile.SESSION_KEY, profile);
        }
        return s;
    }

    @Test
    void documentLoginGetsTheDocumentedAck() throws Exception {
        ProtocolSession session = new ProtocolSession();
        DeviceMessage.Login login = (DeviceMessage.Login) protocol.decode(Bytes.hex(DOC_LOGIN), session).get(0);
        assertThat(login.deviceId()).isEqualTo("123456789012345");
        assertThat(Bytes.hex(login.acceptReply())).isEqualToIgnoringCase(DOC_LOGIN_ACK);
        assertThat(login.refuseReply()).isEmpty();
        assertThat(session.deviceId()).isEqualTo("123456789012345");
    }

    @Test
    void documentLocation() throws Exception {
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(Bytes.hex(DOC_LOCATION), loggedIn(null))
                .get(0);
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceId()).isEqualTo("123456789012345");
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2011-08-29T17:46:16Z"));
        assertThat(fix.satellites()).isEqualTo(15);
        assertThat(fix.latitude()).isCloseTo(0x027AC7EB / 1_800_000.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fix.latitude()).isCloseTo(23.1116683, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fix.longitude()).isCloseTo(114.4092850, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fix.speedKmh()).isZero();
        assertThat(fix.course()).isEqualTo(143.0);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.altitude()).isNull();
        assertThat(fix.alarms()).isEmpty();
        assertThat(fix.io()).containsEntry("mcc", 460).containsEntry("mnc", 0).containsEntry("lac", 0x287D)
                .containsEntry("cellId", 0x1FB8).containsEntry("gpsRealTime", true);
        assertThat(Bytes.hex(report.ackAfterStore())).isEqualTo(Bytes.hex(Bytes.gt06Packet(0x12, new byte[0], 3)));
    }

    @Test
    void documentHeartbeat() throws Exception {
        DeviceMessage.Status status = (DeviceMessage.Status) protocol.decode(Bytes.hex(DOC_HEARTBEAT),
                loggedIn(null)).get(0);
        assertThat(status.status()).containsEntry("type", "heartbeat").containsEntry("gpsTracking", true)
                .containsEntry("charging", false).containsEntry("acc", false).containsEntry("defence", false)
                .containsEntry("voltageLevel", 4).containsEntry("gsmSignal", 4).containsEntry("batteryPercent", 60)
                .containsEntry("alarmCode", 0).doesNotContainKey("alarms");
        assertThat(Bytes.hex(status.reply())).isEqualTo(Bytes.hex(Bytes.gt06Packet(0x13, new byte[0], 0x0F)));
    }

    @Test
    void documentSosAlarm() throws Exception {
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(Bytes.hex(DOC_ALARM), loggedIn(null))
                .get(0);
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2011-11-15T14:36:29Z"));
        assertThat(fix.latitude()).isCloseTo(0x027AC887 / 1_800_000.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fix.longitude()).isCloseTo(0x0C4657E6 / 1_800_000.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fix.course()).isEqualTo(2.0);
        assertThat(fix.speedKmh()).isZero();
        assertThat(fix.satellites()).isEqualTo(15);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.alarms()).isEqualTo(Set.of(DeviceAlarm.SOS));
        assertThat(fix.charging()).isTrue();
        assertThat(fix.batteryPercent()).isEqualTo(100);
        assertThat(fix.io()).containsEntry("alarmCode", 1).containsEntry("voltageLevel", 6)
                .containsEntry("gsmSignal", 4).containsEntry("cellId", 0x1F72).containsEntry("defence", true);
        assertThat(Bytes.hex(report.ackAfterStore())).isEqualTo(Bytes.hex(Bytes.gt06Packet(0x16, new byte[0], 0x36)));
    }

    static byte[] gps(Instant t, double lat, double lon, int speed, int course, boolean positioned) {
        var dt = t.atOffset(ZoneOffset.UTC);
        int flags = course | (positioned ? 0x1000 : 0) | (lat >= 0 ? 0x0400 : 0) | (lon < 0 ? 0x0800 : 0);
        return new Bytes().u8(dt.getYear() - 2000).u8(dt.getMonthValue()).u8(dt.getDayOfMonth()).u8(dt.getHour())
                .u8(dt.getMinute()).u8(dt.getSecond()).u8(0xC7)
                .u32(Math.round(Math.abs(lat) * 1_800_000)).u32(Math.round(Math.abs(lon) * 1_800_000))
                .u8(speed).u16(flags).bytes();
    }

    @Test
    void builtSouthWestLocationWithoutFixIsInvalid() throws Exception {
        byte[] content = new Bytes().raw(gps(Instant.parse("2024-02-29T23:59:58Z"), -12.0463731, -77.0427934, 42,
                359, false)).u16(716).u8(10).u16(0x1234).u24(0xABCDEF).u8(1).u8(0).u8(0).bytes();
        byte[] frame = Bytes.gt06Packet(0x22, content, 0xBEEF);
        Fix fix = ((DeviceMessage.Report) protocol.decode(frame, loggedIn(null)).get(0)).fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-02-29T23:59:58Z"));
        assertThat(fix.latitude()).isCloseTo(-12.0463731, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fix.longitude()).isCloseTo(-77.0427934, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fix.speedKmh()).isEqualTo(42.0);
        assertThat(fix.course()).isEqualTo(359.0);
        assertThat(fix.satellites()).isEqualTo(7);
        assertThat(fix.valid()).isFalse();
        assertThat(fix.io()).containsEntry("mcc", 716).containsEntry("mnc", 10).containsEntry("lac", 0x1234)
                .containsEntry("cellId", 0xABCDEF).containsEntry("acc", true);
    }

    @Test
    void strapRemovalAlarmWithAnkleTagProfile() throws Exception {
        byte[] content = new Bytes().raw(gps(Instant.parse("2024-03-01T10:00:00Z"), -12.05, -77.04, 0, 90, true))
                .u8(8).u16(716).u8(10).u16(1).u24(2)
                .u8(0x00).u8(0x02).u8(0x03).u8(0x18).u8(0x02).bytes();
        byte[] frame = Bytes.gt06Packet(0x16, content, 7);
        Fix tag = ((DeviceMessage.Report) protocol.decode(frame, loggedIn("gt06-ankle-tag")).get(0)).fixes().get(0);
        assertThat(tag.strap()).isEqualTo(StrapState.OPEN);
        assertThat(tag.alarms()).containsExactly(DeviceAlarm.TAMPER);
        assertThat(tag.batteryPercent()).isEqualTo(25);
        assertThat(tag.charging()).isFalse();
        Fix plain = ((DeviceMessage.Report) protocol.decode(frame, loggedIn(null)).get(0)).fixes().get(0);
        assertThat(plain.strap()).isNull();
        assertThat(plain.alarms()).containsExactly(DeviceAlarm.TAMPER);
    }

    @Test
    void powerCutFromTerminalInformationBits() throws Exception {
        byte[] frame = Bytes.gt06Packet(0x13, new Bytes().u8(0b0001_0000).u8(1).u8(2).u8(0).u8(2).bytes(), 9);
        DeviceMessage.Status status = (DeviceMessage.Status) protocol.decode(frame, loggedIn(null)).get(0);
        assertThat(status.status()).containsEntry("alarms", List.of("POWER_CUT")).containsEntry("batteryPercent", 10);
    }

    @Test
    void lbsOnlyIsAStatusWithTheCell() throws Exception {
        byte[] content = new Bytes().u8(24).u8(5).u8(6).u8(7).u8(8).u8(9).u16(716).u8(6).u16(0x10).u24(0x20)
                .bytes();
        DeviceMessage.Status status = (DeviceMessage.Status) protocol.decode(Bytes.gt06Packet(0x11, content, 5),
                loggedIn(null)).get(0);
        assertThat(status.status()).containsEntry("type", "lbs").containsEntry("time", "2024-05-06T07:08:09Z")
                .containsEntry("mcc", 716).containsEntry("mnc", 6).containsEntry("lac", 0x10)
                .containsEntry("cellId", 0x20);
        assertThat(Bytes.hex(status.reply())).isEqualTo(Bytes.hex(Bytes.gt06Packet(0x11, new byte[0], 5)));
    }

    @Test
    void timeRequestIsAnsweredWithUtcTime() throws Exception {
        DeviceMessage.Status status = (DeviceMessage.Status) protocol.decode(
                Bytes.gt06Packet(0x8A, new byte[0], 0x0B), loggedIn(null)).get(0);
        assertThat(Bytes.hex(status.reply())).isEqualTo(Bytes.hex(
                Bytes.gt06Packet(0x8A, new Bytes().u8(24).u8(5).u8(6).u8(7).u8(8).u8(9).bytes(), 0x0B)));
    }

    @Test
    void badCrcIsRejected() {
        byte[] frame = Bytes.hex(DOC_LOCATION);
        frame[10] ^= 0x40;
        assertThatThrownBy(() -> protocol.decode(frame, loggedIn(null))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void longFormatFrameIsAccepted() throws Exception {
        byte[] body = new Bytes().u16(0x0A).u8(0x13).u8(0x44).u8(5).u8(3).u16(0).u16(0x21).bytes();
        byte[] frame = new Bytes().u16(0x7979).raw(body).u16(Bytes.crcX25(body, 0, body.length)).u16(0x0D0A)
                .bytes();
        assertThat(protocol.frameLength(Unpooled.wrappedBuffer(frame))).isEqualTo(frame.length);
        DeviceMessage.Status status = (DeviceMessage.Status) protocol.decode(frame, loggedIn(null)).get(0);
        assertThat(status.status()).containsEntry("charging", true).containsEntry("voltageLevel", 5);
    }

    @Test
    void framing() throws Exception {
        byte[] stream = new Bytes().hexBytes(DOC_LOGIN).hexBytes(DOC_LOCATION).hexBytes(DOC_HEARTBEAT).bytes();
        assertThat(FrameDecoder.split(protocol.framer(), stream)).extracting(FrameDecoder.Frame::offset)
                .containsExactly(0, 18, 18 + 36);
        for (int cut = 0; cut < 36; cut++) {
            assertThat(protocol.frameLength(Unpooled.wrappedBuffer(Bytes.hex(DOC_LOCATION), 0, cut))).isEqualTo(-1);
        }
        EmbeddedChannel channel = new EmbeddedChannel(protocol.newFrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, 20));
        ByteBuf login = channel.readInbound();
        assertThat(login.readableBytes()).isEqualTo(18);
        login.release();
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void absurdLengthAndGarbageAreRejectedBeforeAllocation() {
        EmbeddedChannel channel = new EmbeddedChannel(protocol.newFrameDecoder());
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(Bytes.hex("7979FFFF13"))))
                .isInstanceOf(DecoderException.class).hasCauseInstanceOf(DecodeException.class)
                .hasMessageContaining("exceeds 2048");
        assertThatThrownBy(() -> FrameDecoder.split(protocol.framer(), Bytes.hex(DOC_LOGIN + "474554202F")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("bad start bytes")
                .hasMessageContaining("at byte 18");
        channel.finishAndReleaseAll();
    }
}
