package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.junit.jupiter.api.Test;

class H02ProtocolTest {
    // The general message of the H02 protocol document: *XX,YYYYYYYYYY,V1,HHMMSS,S,lat,D,lon,G,speed,dir,DDMMYY,status#
    static final String DOC_V1 = "*HQ,4106012736,V1,224434,A,1219.4567,S,07702.5678,W,012.50,271,010324,FFFFFBFF#";

    private final H02Protocol protocol = new H02Protocol();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void firstMessageLogsInThenReports() throws Exception {
        ProtocolSession session = new ProtocolSession();
        List<DeviceMessage> messages = protocol.decode(ascii(DOC_V1), session);
        assertThat(messages).hasSize(2);
        DeviceMessage.Login login = (DeviceMessage.Login) messages.get(0);
        assertThat(login.deviceId()).isEqualTo("4106012736");
        assertThat(login.acceptReply()).isEmpty();
        assertThat(login.refuseReply()).isEmpty();
        DeviceMessage.Report report = (DeviceMessage.Report) messages.get(1);
        assertThat(report.ackAfterStore()).isEmpty();
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceId()).isEqualTo("4106012736");
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-03-01T22:44:34Z"));
        assertThat(fix.latitude()).isCloseTo(-(12 + 19.4567 / 60), offset(1e-9));
        assertThat(fix.longitude()).isCloseTo(-(77 + 2.5678 / 60), offset(1e-9));
        assertThat(fix.speedKmh()).isCloseTo(12.5 * 1.852, offset(1e-9));
        assertThat(fix.course()).isEqualTo(271.0);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.altitude()).isNull();
        assertThat(fix.satellites()).isNull();
        assertThat(fix.alarms()).isEmpty();
        assertThat(fix.io()).containsEntry("status", "FFFFFBFF").containsEntry("activeBits", 0x400L)
                .containsEntry("acc", false);
        assertThat(session.deviceId()).isEqualTo("4106012736");
        // second message: no login any more
        assertThat(protocol.decode(ascii(DOC_V1), session)).hasSize(1);
    }

    @Test
    void statusBitsGiveSosAndPowerCut() throws Exception {
        ProtocolSession session = new ProtocolSession();
        session.deviceId("4106012736");
        Fix sos = ((DeviceMessage.Report) protocol.decode(ascii(DOC_V1.replace("FFFFFBFF", "FFFBFFFF")), session)
                .get(0)).fixes().get(0);
        assertThat(sos.alarms()).isEqualTo(Set.of(DeviceAlarm.SOS));
        assertThat(sos.io()).containsEntry("acc", true);
        Fix cut = ((DeviceMessage.Report) protocol.decode(ascii(DOC_V1.replace("FFFFFBFF", "FFF7FBFF")), session)
                .get(0)).fixes().get(0);
        assertThat(cut.alarms()).isEqualTo(Set.of(DeviceAlarm.POWER_CUT));
    }

    @Test
    void invalidFixAndNorthEast() throws Exception {
        ProtocolSession session = new ProtocolSession();
        session.deviceId("1");
        Fix fix = ((DeviceMessage.Report) protocol.decode(ascii(
                "*HQ,1,V1,000001,V,4807.0380,N,01131.0000,E,0.00,0,311299,FFFFFFFF#"), session).get(0)).fixes().get(0);
        assertThat(fix.valid()).isFalse();
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2099-12-31T00:00:01Z"));
        assertThat(fix.latitude()).isCloseTo(48 + 7.038 / 60, offset(1e-9));
        assertThat(fix.longitude()).isCloseTo(11 + 31.0 / 60, offset(1e-9));
    }

    @Test
    void heartbeatLinkAndNbrAreStatus() throws Exception {
        ProtocolSession session = new ProtocolSession();
        session.deviceId("4106012736");
        DeviceMessage.Status hb = (DeviceMessage.Status) protocol.decode(ascii("*HQ,4106012736,HTBT#"), session)
                .get(0);
        assertThat(hb.status()).containsEntry("type", "heartbeat");
        assertThat(hb.reply()).isEmpty();
        DeviceMessage.Status link = (DeviceMessage.Status) protocol.decode(ascii(
                "*HQ,4106012736,LINK,112137,20,8,67,0,0,010324,FFFFFBFF#"), session).get(0);
        assertThat(link.status()).containsEntry("type", "link").containsEntry("batteryPercent", 67)
                .containsEntry("gsmSignal", 20).containsEntry("satellites", 8);
        DeviceMessage.Status nbr = (DeviceMessage.Status) protocol.decode(ascii(
                "*HQ,4106012736,NBR,141335,716,10,255,2,431,17003,26,431,11101,13,010324,FFFFFBFF#"), session).get(0);
        assertThat(nbr.status()).containsEntry("type", "lbs").containsEntry("mcc", 716).containsEntry("mnc", 10)
                .containsEntry("lac", 431).containsEntry("cellId", 17003)
                .containsEntry("cells", List.of(java.util.Map.of("mcc", 716, "mnc", 10, "lac", 431L, "cid", 17003L,
                        "rssi", 26), java.util.Map.of("mcc", 716, "mnc", 10, "lac", 431L, "cid", 11101L, "rssi", 13)));
    }

    @Test
    void binaryFrame() throws Exception {
        // $ id(5 BCD) HHMMSS DDMMYY lat DDMMmmmm, battery, lon DDDMMmmmm + flags (valid|north|east), speed, course
        byte[] frame = new Bytes().u8('$').hexBytes("4106012736").hexBytes("224434").hexBytes("010324")
                .hexBytes("12194567").u8(0x64).hexBytes("0770256782")
                .hexBytes("012271").u32(0xFFFBFBFFL).hexBytes("000000").bytes();
        assertThat(frame).hasSize(32);
        ProtocolSession session = new ProtocolSession();
        List<DeviceMessage> messages = protocol.decode(frame, session);
        Fix fix = ((DeviceMessage.Report) messages.get(1)).fixes().get(0);
        assertThat(fix.deviceId()).isEqualTo("4106012736");
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-03-01T22:44:34Z"));
        assertThat(fix.latitude()).isCloseTo(-(12 + 19.4567 / 60), offset(1e-9));
        assertThat(fix.longitude()).isCloseTo(-(77 + 2.5678 / 60), offset(1e-9));
        assertThat(fix.speedKmh()).isCloseTo(12 * 1.852, offset(1e-9));
        assertThat(fix.course()).isEqualTo(271.0);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.alarms()).containsExactly(DeviceAlarm.SOS);
    }

    @Test
    void binaryFrameWithAnImeiId() throws Exception {
        // the id is a 15-digit IMEI and a filler nibble (8 BCD bytes); the frame is 42 bytes
        byte[] frame = new Bytes().u8('$').hexBytes("3524830841932930").hexBytes("104759").hexBytes("180817")
                .hexBytes("12194567").u8(0x00).hexBytes("077025678a")
                .hexBytes("024138").u32(0xFFFFFBFFL).hexBytes("ff01120064ba73005ecc").bytes();
        assertThat(frame).hasSize(42);
        assertThat(protocol.frameLength(Unpooled.wrappedBuffer(frame))).isEqualTo(42);
        byte[] stream = new Bytes().raw(frame).raw(frame).bytes();
        assertThat(FrameDecoder.split(protocol.framer(), stream)).extracting(FrameDecoder.Frame::offset)
                .containsExactly(0, 42);
        List<DeviceMessage> messages = protocol.decode(frame, new ProtocolSession());
        assertThat(messages.get(0).deviceId()).isEqualTo("352483084193293");
        Fix fix = ((DeviceMessage.Report) messages.get(1)).fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2017-08-18T10:47:59Z"));
        assertThat(fix.latitude()).isCloseTo(-(12 + 19.4567 / 60), offset(1e-9));
        assertThat(fix.longitude()).isCloseTo(77 + 2.5678 / 60, offset(1e-9)); // flags 0xA: valid, south, east
        assertThat(fix.speedKmh()).isCloseTo(24 * 1.852, offset(1e-9));
        assertThat(fix.course()).isEqualTo(138.0);
        assertThat(fix.valid()).isTrue();
    }

    @Test
    void positionReplyWithoutTimeOfDayIsNeverValid() throws Exception {
        // VP1, the answer to a position request: validity, coordinates, speed, course and a date, no time
        ProtocolSession session = new ProtocolSession();
        List<DeviceMessage> messages = protocol.decode(
                ascii("*hq,356327080425330,VP1,A,1219.4567,S,07702.5678,W,0.48,0.0000,080917#"), session);
        Fix fix = ((DeviceMessage.Report) messages.get(1)).fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2017-09-08T00:00:00Z"));
        assertThat(fix.latitude()).isCloseTo(-(12 + 19.4567 / 60), offset(1e-9));
        assertThat(fix.longitude()).isCloseTo(-(77 + 2.5678 / 60), offset(1e-9));
        assertThat(fix.valid()).isFalse();
        assertThat(fix.io()).containsEntry("timeOfDayUnknown", true);
    }

    @Test
    void otherDeviceOnSameConnectionIsRejected() {
        ProtocolSession session = new ProtocolSession();
        session.deviceId("999");
        assertThatThrownBy(() -> protocol.decode(ascii(DOC_V1), session)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("differs");
    }

    @Test
    void malformedFieldsAreDecodeExceptions() throws Exception {
        ProtocolSession session = new ProtocolSession();
        assertThatThrownBy(() -> protocol.decode(ascii(DOC_V1.replace("1219.4567", "12x9.4567")), session))
                .isInstanceOf(DecodeException.class).hasMessageContaining("latitude");
        assertThatThrownBy(() -> protocol.decode(ascii(DOC_V1.replace("010324", "320324")), session))
                .isInstanceOf(DecodeException.class).hasMessageContaining("date");
        // a truncated position is not guessed at: it is reported as an unsupported message, without position
        ProtocolSession other = new ProtocolSession();
        other.deviceId("1");
        assertThat(((DeviceMessage.Status) protocol.decode(ascii("*HQ,1,V1,224434,A,1219.4567,S#"), other).get(0))
                .status()).containsEntry("type", "unsupported");
    }

    @Test
    void framingByHashWithMaximumLength() throws Exception {
        byte[] stream = ascii(DOC_V1 + "\r\n" + "*HQ,4106012736,HTBT#");
        List<FrameDecoder.Frame> frames = FrameDecoder.split(protocol.framer(), stream);
        assertThat(frames).extracting(FrameDecoder.Frame::offset).containsExactly(0, DOC_V1.length());
        assertThat(protocol.frameLength(Unpooled.wrappedBuffer(ascii("*HQ,4106012736,V1,22")))).isEqualTo(-1);
        EmbeddedChannel channel = new EmbeddedChannel(protocol.newFrameDecoder());
        byte[] endless = ("*HQ," + "1".repeat(2000)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(endless)))
                .isInstanceOf(DecoderException.class).hasCauseInstanceOf(DecodeException.class)
                .hasMessageContaining("no '#' within 1024");
        channel.finishAndReleaseAll();
        assertThatThrownBy(() -> FrameDecoder.split(protocol.framer(), ascii("GET / HTTP/1.1")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("at byte 0");
    }
}
