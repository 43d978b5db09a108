package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.alterna.telemetry.Fix.StrapState;
import org.junit.jupiter.api.Test;

class TeltonikaProtocolTest {
    // Codec 8 and 8E examples of the Teltonika wiki ("Codec" page, "Codec 8 Example 1" and "Codec 8 Extended").
    static final String WIKI_CODEC8 = "000000000000003608010000016B40D8EA30010000000000000000000000000000000105021503"
            + "010101425E0F01F10000601A014E0000000000000000010000C7CF";
    static final String WIKI_CODEC8_TWO_RECORDS = "000000000000004308020000016B40D57B48010000000000000000000000000000"
            + "0001010101000000000000016B40D5C198010000000000000000000000000000000101010101000000020000252C";
    static final String WIKI_CODEC8E = "000000000000004A8E010000016B412CEE00010000000000000000000000000000000001000500"
            + "0100010100010011001D00010010015E2C880002000B000000003544C87A000E000000001DD7E06A00000100002994";
    static final String IMEI_FRAME = "000F333536333037303432343431303133";

    private final TeltonikaProtocol protocol = new TeltonikaProtocol();

    private ProtocolSession loggedIn(String profile) {
        ProtocolSession s = new ProtocolSession();
        s.deviceId("356307042441013");
        if (profile != null) {
            s.values().put(DeviceModelProfile.SESSION_KEY, profile);
        }
        return s;
    }

    @Test
    void imeiLoginAcceptsWith01AndRefusesWith00() throws Exception {
        ProtocolSession session = new ProtocolSession();
        List<DeviceMessage> messages = protocol.decode(Bytes.hex(IMEI_FRAME), session);
        assertThat(messages).hasSize(1);
        DeviceMessage.Login login = (DeviceMessage.Login) messages.get(0);
        assertThat(login.deviceId()).isEqualTo("356307042441013");
        assertThat(login.acceptReply()).containsExactly(1);
        assertThat(login.refuseReply()).containsExactly(0);
        assertThat(session.deviceId()).isEqualTo("356307042441013");
    }

    @Test
    void wikiCodec8Example() throws Exception {
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(Bytes.hex(WIKI_CODEC8), loggedIn(null))
                .get(0);
        assertThat(report.deviceId()).isEqualTo("356307042441013");
        assertThat(report.ackAfterStore()).containsExactly(0, 0, 0, 1);
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2019-06-10T10:04:46Z"));
        assertThat(fix.latitude()).isZero();
        assertThat(fix.longitude()).isZero();
        assertThat(fix.altitude()).isZero();
        assertThat(fix.course()).isZero();
        assertThat(fix.satellites()).isZero();
        assertThat(fix.speedKmh()).isZero();
        assertThat(fix.valid()).isFalse();
        assertThat(fix.io()).isEqualTo(Map.of("priority", 1, "event", 1, "io21", 3L, "io1", 1L, "io66", 24079L,
                "io241", 24602L, "io78", 0L));
        // default profile: IO 66 is the external voltage in mV
        assertThat(fix.externalPower()).isTrue();
        assertThat(fix.batteryPercent()).isNull();
        assertThat(fix.charging()).isNull();
        assertThat(fix.strap()).isNull();
        assertThat(fix.alarms()).isEmpty();
        assertThat(fix.source()).isEqualTo(Fix.PositionSource.GPS);
    }

    @Test
    void wikiCodec8TwoRecordsAckCountsBoth() throws Exception {
        DeviceMessage.Report report = (DeviceMessage.Report) protocol
                .decode(Bytes.hex(WIKI_CODEC8_TWO_RECORDS), loggedIn(null)).get(0);
        assertThat(report.ackAfterStore()).containsExactly(0, 0, 0, 2);
        assertThat(report.fixes()).extracting(Fix::deviceTime).containsExactly(
                Instant.parse("2019-06-10T10:01:01Z"), Instant.parse("2019-06-10T10:01:19Z"));
        assertThat(report.fixes().get(0).io()).containsEntry("io1", 0L).containsEntry("event", 1);
        assertThat(report.fixes().get(1).io()).containsEntry("io1", 1L);
    }

    @Test
    void wikiCodec8ExtendedExample() throws Exception {
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(Bytes.hex(WIKI_CODEC8E), loggedIn(null))
                .get(0);
        assertThat(report.ackAfterStore()).containsExactly(0, 0, 0, 1);
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2019-06-10T11:36:32Z"));
        assertThat(fix.io()).isEqualTo(Map.of("priority", 1, "event", 1, "io1", 1L, "io17", 0x1DL,
                "io16", 0x015E2C88L, "io11", 0x3544C87AL, "io14", 0x1DD7E06AL));
    }

    @Test
    void builtRecordWithPositionAndAnkleTagProfile() throws Exception {
        // 2024-03-01T12:00:00.250Z, Lima: -12.0463731, -77.0427934; strap loop open (DIN2=1), battery 87 %.
        byte[] data = new Bytes().u8(0x08).u8(1)
                .u64(Instant.parse("2024-03-01T12:00:00.250Z").toEpochMilli()).u8(0)
                .u32(-770427934).u32(-120463731).u16(154).u16(271).u8(9).u16(38)
                .u8(2).u8(4)                          // event IO 2, 4 elements
                .u8(2).u8(2).u8(1).u8(113).u8(87)     // 1-byte: DIN2=1, battery 87 %
                .u8(2).u8(66).u16(12850).u8(182).u16(9) // 2-byte: external 12.85 V, HDOP 0.9
                .u8(0).u8(0).u8(1).bytes();
        ProtocolSession session = loggedIn("teltonika-ankle-tag");
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(Bytes.teltonikaPacket(data), session)
                .get(0);
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-03-01T12:00:00.250Z"));
        assertThat(fix.latitude()).isEqualTo(-12.0463731);
        assertThat(fix.longitude()).isEqualTo(-77.0427934);
        assertThat(fix.altitude()).isEqualTo(154.0);
        assertThat(fix.course()).isEqualTo(271.0);
        assertThat(fix.satellites()).isEqualTo(9);
        assertThat(fix.speedKmh()).isEqualTo(38.0);
        assertThat(fix.hdop()).isEqualTo(0.9);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.batteryPercent()).isEqualTo(87);
        assertThat(fix.externalPower()).isTrue();
        assertThat(fix.strap()).isEqualTo(StrapState.OPEN);
        assertThat(fix.alarms()).isEqualTo(Set.of(DeviceAlarm.TAMPER));
        assertThat(fix.io()).containsEntry("io2", 1L).containsEntry("io113", 87L).containsEntry("io66", 12850L);

        // same frame, default profile: DIN2 means nothing, so no strap and no alarm
        Fix plain = ((DeviceMessage.Report) protocol.decode(Bytes.teltonikaPacket(data), loggedIn(null)).get(0))
                .fixes().get(0);
        assertThat(plain.strap()).isNull();
        assertThat(plain.alarms()).isEmpty();
        assertThat(plain.batteryPercent()).isEqualTo(87);
    }

    @Test
    void extendedVariableLengthElement() throws Exception {
        byte[] data = new Bytes().u8(0x8E).u8(1).u64(1_700_000_000_000L).u8(1)
                .u32(0).u32(0).u16(0).u16(0).u8(0).u16(0)
                .u16(0).u16(1).u16(0).u16(0).u16(0).u16(0)
                .u16(1).u16(385).u16(3).hexBytes("0a0b0c")
                .u8(1).bytes();
        Fix fix = ((DeviceMessage.Report) protocol.decode(Bytes.teltonikaPacket(data), loggedIn(null)).get(0))
                .fixes().get(0);
        assertThat(fix.io()).containsEntry("io385", "0a0b0c");
    }

    @Test
    void codec16TwoByteIdsAndGenerationType() throws Exception {
        // Codec 16 (wiki): event id and IO ids of 2 bytes, a generation type, 1-byte counts; ids above 255
        byte[] data = new Bytes().u8(0x10).u8(1)
                .u64(Instant.parse("2024-04-02T08:30:00Z").toEpochMilli()).u8(1)
                .u32(-770427934).u32(-120463731).u16(150).u16(90).u8(7).u16(12)
                .u16(385).u8(7)                    // event IO 385, generation type 7 (periodical)
                .u8(3)                             // 3 elements
                .u8(2).u16(113).u8(64).u16(300).u8(1) // 1-byte: battery 64 %, IO 300 = 1
                .u8(1).u16(66).u16(4100)           // 2-byte: external 4.1 V
                .u8(0).u8(0)
                .u8(1).bytes();
        DeviceMessage.Report report = (DeviceMessage.Report) protocol.decode(Bytes.teltonikaPacket(data),
                loggedIn(null)).get(0);
        assertThat(report.ackAfterStore()).containsExactly(0, 0, 0, 1);
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-04-02T08:30:00Z"));
        assertThat(fix.latitude()).isEqualTo(-12.0463731);
        assertThat(fix.longitude()).isEqualTo(-77.0427934);
        assertThat(fix.io()).containsEntry("event", 385).containsEntry("generationType", 7)
                .containsEntry("io113", 64L).containsEntry("io300", 1L).containsEntry("io66", 4100L)
                .doesNotContainKey("ioCountMismatch");
        assertThat(fix.batteryPercent()).isEqualTo(64);
        assertThat(fix.externalPower()).isFalse(); // 4.1 V is below the profile's 4.5 V
    }

    /** Codec 7 timestamp: priority in the top 2 bits, seconds since 2007-01-01 UTC in the other 30. */
    private static long gh3000Stamp(int priority, Instant t) {
        return ((long) priority << 30) | (t.getEpochSecond() - Instant.parse("2007-01-01T00:00:00Z").getEpochSecond());
    }

    @Test
    void codec7RecordsWithAndWithoutCoordinates() throws Exception {
        // GH3000 data protocol: global mask, GPS element mask, float coordinates, angle in 360/256 steps
        byte[] data = new Bytes().u8(0x07).u8(2)
                .u32(gh3000Stamp(1, Instant.parse("2015-11-10T21:51:47Z"))).u8(0x0F)
                .u8(0xFF).u32(Float.floatToIntBits(-12.046373f)).u32(Float.floatToIntBits(-77.042793f))
                .u16(154).u8(64).u8(36).u8(9).u16(0x1234).u16(0x5678).u8(25).u32(71610)
                .u8(1).u8(113).u8(80)              // IO 1 byte: battery 80 %
                .u8(1).u8(66).u16(12000)           // IO 2 bytes
                .u8(0)                             // IO 4 bytes: none
                .u32(gh3000Stamp(0, Instant.parse("2015-11-10T22:09:39Z"))).u8(0x03)
                .u8(0xC0).u8(26).u32(21803)         // GPS element: signal and operator only
                .u8(1).u8(113).u8(79)
                .u8(2).bytes();
        List<DeviceMessage> messages = protocol.decode(Bytes.teltonikaPacket(data), loggedIn(null));
        assertThat(messages).hasSize(2);
        DeviceMessage.Status readings = (DeviceMessage.Status) messages.get(0);
        assertThat(readings.status()).containsEntry("type", "recordWithoutPosition")
                .containsEntry("time", "2015-11-10T22:09:39Z").containsEntry("batteryPercent", 79)
                .containsEntry("operator", 21803L).containsEntry("gsmSignal", 26);
        assertThat(readings.reply()).isEmpty();
        DeviceMessage.Report report = (DeviceMessage.Report) messages.get(1);
        assertThat(report.ackAfterStore()).containsExactly(0, 0, 0, 2); // both records acknowledged
        Fix fix = report.fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2015-11-10T21:51:47Z"));
        assertThat(fix.latitude()).isCloseTo(-12.046373, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(fix.longitude()).isCloseTo(-77.042793, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(fix.altitude()).isEqualTo(154.0);
        assertThat(fix.course()).isEqualTo(90.0);
        assertThat(fix.speedKmh()).isEqualTo(36.0);
        assertThat(fix.satellites()).isEqualTo(9);
        assertThat(fix.valid()).isTrue();
        assertThat(fix.batteryPercent()).isEqualTo(80);
        assertThat(fix.io()).containsEntry("priority", 1).containsEntry("lac", 0x1234).containsEntry("cellId", 0x5678)
                .containsEntry("cells", List.of(Map.of("lac", 0x1234L, "cid", 0x5678L)));
    }

    @Test
    void codec8WithAGroupOfSixteenByteValues() throws Exception {
        // some firmwares add a group of 16-byte values after the 8-byte group under codec id 8
        byte[] iccid = Bytes.hex("89510101234567890123000000000000");
        byte[] data = new Bytes().u8(0x08).u8(1)
                .u64(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli()).u8(0)
                .u32(-770427934).u32(-120463731).u16(150).u16(0).u8(5).u16(0)
                .u8(0).u8(2)
                .u8(1).u8(1).u8(1)
                .u8(0).u8(0).u8(0)
                .u8(1).u8(203).raw(iccid)
                .u8(1).bytes();
        Fix fix = ((DeviceMessage.Report) protocol.decode(Bytes.teltonikaPacket(data), loggedIn(null)).get(0))
                .fixes().get(0);
        assertThat(fix.deviceTime()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(fix.io()).containsEntry("io1", 1L).containsEntry("io203", Bytes.hex(iccid));
    }

    private static byte[] datagram(int packetId, int avlPacketId, String imei, byte[] avl) {
        byte[] body = new Bytes().u16(packetId).u8(0x01).u8(avlPacketId).u16(imei.length()).ascii(imei).raw(avl)
                .bytes();
        return new Bytes().u16(body.length).raw(body).bytes();
    }

    @Test
    void udpDatagramIdentifiesItselfAndIsAcknowledgedByPacketId() throws Exception {
        // wiki, Codec 8 over UDP: length, packet id, 01, AVL packet id, IMEI, codec data; no CRC
        byte[] avl = new Bytes().u8(0x08).u8(1)
                .u64(Instant.parse("2017-07-12T15:24:41Z").toEpochMilli()).u8(0)
                .u32(-770427934).u32(-120463731).u16(99).u16(109).u8(9).u16(49)
                .u8(0).u8(1).u8(1).u8(1).u8(1).u8(0).u8(0).u8(0)
                .u8(1).bytes();
        byte[] frame = datagram(0xCAFE, 0x22, "357454072713975", avl);
        ProtocolSession session = new ProtocolSession();
        List<DeviceMessage> messages = protocol.decode(frame, session);
        assertThat(messages).hasSize(2);
        DeviceMessage.Login login = (DeviceMessage.Login) messages.get(0);
        assertThat(login.deviceId()).isEqualTo("357454072713975");
        assertThat(login.acceptReply()).isEmpty();
        DeviceMessage.Report report = (DeviceMessage.Report) messages.get(1);
        assertThat(Bytes.hex(report.ackAfterStore())).isEqualTo("0005cafe012201");
        assertThat(report.fixes().get(0).deviceTime()).isEqualTo(Instant.parse("2017-07-12T15:24:41Z"));
        assertThat(report.fixes().get(0).latitude()).isEqualTo(-12.0463731);

        // the next datagram of the same device gives the report alone; another IMEI is refused
        assertThat(protocol.decode(datagram(0xCAFF, 0x23, "357454072713975", avl), session)).hasSize(1);
        assertThatThrownBy(() -> protocol.decode(datagram(1, 1, "350000000000001", avl), session))
                .isInstanceOf(DecodeException.class).hasMessageContaining("350000000000001");
    }

    @Test
    void badCrcIsRejectedSoTheDeviceResends() {
        byte[] frame = Bytes.hex(WIKI_CODEC8);
        frame[frame.length - 1] ^= 1;
        assertThatThrownBy(() -> protocol.decode(frame, loggedIn(null)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("CRC");
    }

    @Test
    void dataBeforeLoginIsRejected() {
        assertThatThrownBy(() -> protocol.decode(Bytes.hex(WIKI_CODEC8), new ProtocolSession()))
                .isInstanceOf(DecodeException.class).hasMessageContaining("before IMEI");
    }

    @Test
    void codec12ResponseIsAStatusWithoutReply() throws Exception {
        byte[] text = "DOUT1:1 Timeout:INFINITY".getBytes();
        byte[] data = new Bytes().u8(0x0C).u8(1).u8(6).u32(text.length).raw(text).u8(1).bytes();
        DeviceMessage.Status status = (DeviceMessage.Status) protocol
                .decode(Bytes.teltonikaPacket(data), loggedIn(null)).get(0);
        assertThat(status.status()).containsEntry("type", "commandResponse")
                .containsEntry("response", "DOUT1:1 Timeout:INFINITY");
        assertThat(status.reply()).isEmpty();
    }

    @Test
    void framingCutsImeiThenPacketsAndWaitsForMore() throws Exception {
        byte[] stream = new Bytes().hexBytes(IMEI_FRAME).hexBytes(WIKI_CODEC8).hexBytes(WIKI_CODEC8E).bytes();
        List<FrameDecoder.Frame> frames = FrameDecoder.split(protocol.framer(), stream);
        assertThat(frames).extracting(FrameDecoder.Frame::offset).containsExactly(0, 17, 17 + 66);
        for (int cut = 0; cut < Bytes.hex(WIKI_CODEC8).length; cut++) {
            ByteBuf partial = Unpooled.wrappedBuffer(Bytes.hex(WIKI_CODEC8), 0, cut);
            assertThat(protocol.frameLength(partial)).as("cut at %d", cut).isEqualTo(-1);
        }
        EmbeddedChannel channel = new EmbeddedChannel(protocol.newFrameDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(stream, 0, 40));
        ByteBuf first = channel.readInbound();
        assertThat(first.readableBytes()).isEqualTo(17);
        first.release();
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(stream, 40, stream.length - 40));
        ByteBuf second = channel.readInbound();
        ByteBuf third = channel.readInbound();
        assertThat(second.readableBytes()).isEqualTo(66);
        assertThat(third.readableBytes()).isEqualTo(Bytes.hex(WIKI_CODEC8E).length);
        second.release();
        third.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void absurdLengthIsRejectedBeforeAllocation() {
        EmbeddedChannel channel = new EmbeddedChannel(protocol.newFrameDecoder());
        ByteBuf header = Unpooled.wrappedBuffer(new Bytes().u32(0).u32(0x7FFF_FFF0L).bytes());
        assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(DecodeException.class).hasMessageContaining("exceeds 65536");
        assertThatThrownBy(() -> FrameDecoder.split(protocol.framer(), new Bytes().hexBytes(IMEI_FRAME)
                .u32(0).u32(70_000).bytes())).isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).offset()).isEqualTo(17 + 4));
        channel.finishAndReleaseAll();
    }

    @Test
    void truncatedStreamNamesTheOffset() {
        byte[] stream = new Bytes().hexBytes(IMEI_FRAME).raw(java.util.Arrays.copyOf(Bytes.hex(WIKI_CODEC8), 30))
                .bytes();
        assertThatThrownBy(() -> FrameDecoder.split(protocol.framer(), stream)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("frame cut short").hasMessageContaining("at byte 17");
    }
}
