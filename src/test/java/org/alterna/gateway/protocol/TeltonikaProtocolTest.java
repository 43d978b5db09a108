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
