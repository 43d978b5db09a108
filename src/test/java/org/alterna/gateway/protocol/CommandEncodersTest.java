package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command encoding byte by byte against the examples of the manufacturers' documents. */
class CommandEncodersTest {

    @Test
    void teltonikaCodec12MatchesTheGetinfoExampleOfTheCodecDocument() {
        // Teltonika wiki, "Codec" > Codec 12 > command "getinfo"
        assertThat(Bytes.hex(CommandEncoders.teltonikaCodec12("getinfo")))
                .isEqualToIgnoringCase("000000000000000F0C010500000007676574696E666F0100004312");
    }

    @Test
    void teltonikaCodec12IsLaidOutFieldByField() {
        byte[] b = CommandEncoders.teltonikaCodec12("getrecord");
        assertThat(b).hasSize(4 + 4 + 1 + 1 + 1 + 4 + 9 + 1 + 4);
        assertThat(Bytes.hex(b).substring(0, 16)).isEqualToIgnoringCase("0000000000000011"); // data size 17
        assertThat(b[8]).isEqualTo((byte) 0x0C);
        assertThat(b[10]).as("type: command").isEqualTo((byte) 0x05);
        assertThat(new String(b, 15, 9, StandardCharsets.US_ASCII)).isEqualTo("getrecord");
        assertThat(Checksums.crc16Ibm(b, 8, b.length - 4)).isEqualTo(((b[b.length - 2] & 0xFF) << 8) | (b[b.length - 1] & 0xFF));
    }

    @Test
    void teltonikaCodec14MatchesTheGetverExampleOfTheCodecDocument() {
        // Teltonika wiki, "Codec" > Codec 14 > command "getver" to IMEI 352093081452251
        byte[] b = CommandEncoders.teltonikaCodec14("352093081452251", "getver");
        assertThat(Bytes.hex(b).substring(0, 46)).isEqualToIgnoringCase("00000000000000160E01050000000E0352093081452251");
        assertThat(Bytes.hex(b)).isEqualToIgnoringCase("00000000000000160E01050000000E0352093081452251"
                + "676574766572" + "01" + "0000D2C1");
    }

    @Test
    void theAnkleTagVibratesWithSetdigoutInCodec14() {
        // FMB setdigout, single digital output: "setdigout 1 5" = DOUT1 high for 5 s; Codec 14 as in the getver
        // example above (the same IMEI), the CRC-16/IBM computed independently of this encoder
        DeviceModelProfile tag = DeviceModelProfile.named("teltonika-ankle-tag");
        String text = tag.commandText("VIBRATE", null);
        assertThat(text).isEqualTo("setdigout 1 5");
        assertThat(Bytes.hex(CommandEncoders.encode(tag, "352093081452251", text, 1, LocalTime.NOON)))
                .isEqualToIgnoringCase("000000000000001D0E010500000015" + "0352093081452251"
                        + "7365746469676F757420312035" + "01" + "000084B4");
        assertThat(DeviceModelProfile.named("teltonika-default").accepts("VIBRATE")).isFalse();
    }

    @Test
    void pursuitSetsTheMinimumAndSendPeriodsOfEveryOperatorModeInOneSetparam() {
        // FMB parameter list, data acquisition: Min Period 10000/10050 (home, stop/moving), 10100/10150 (roaming),
        // 10200/10250 (unknown); Send Period 10005/10055, 10105/10155, 10205/10255
        DeviceModelProfile p = DeviceModelProfile.named("teltonika-default");
        String on = p.commandText("PURSUIT_ON", null);
        assertThat(on).isEqualTo("setparam 10000:15;10005:15;10050:15;10055:15;10100:15;10105:15;10150:15;10155:15;"
                + "10200:15;10205:15;10250:15;10255:15");
        assertThat(p.commandText("PURSUIT_OFF", null)).isEqualTo(on.replace(":15", ":60"));
        assertThat(Bytes.hex(CommandEncoders.encode(p, "352093081452251", on, 1, LocalTime.NOON)))
                .isEqualToIgnoringCase("000000000000007C0C010500000074"
                        + "736574706172616D2031303030303A31353B31303030353A31353B31303035303A31353B31303035353A31353B"
                        + "31303130303A31353B31303130353A31353B31303135303A31353B31303135353A31353B31303230303A31353B"
                        + "31303230353A31353B31303235303A31353B31303235353A3135" + "01" + "0000D08B");
    }

    @Test
    void everyTeltonikaCommandFitsTheDeviceLimitOf160CharactersEvenWithLongIntervals() {
        // Teltonika wiki, SMS/GPRS commands: "A single SMS/GPRS command is limited to 160 characters"
        for (DeviceModelProfile p : DeviceModelProfile.builtIn().values()) {
            if (!p.protocol().equals("teltonika")) {
                continue;
            }
            DeviceModelProfile slow = new DeviceModelProfile(p.name(), p.protocol(), p.description(),
                    p.batteryPercentIo(), p.batteryLevelIo(), p.batteryLevels(), p.chargingIo(), p.externalPowerIo(),
                    p.externalPowerScale(), p.externalPowerMinVolts(), p.strapIo(), p.strapOpenValue(), p.alarms(),
                    p.commands(), p.codec14(), p.gt06Language(), 86_400, 86_400, p.answeredByRecord());
            for (String kind : p.commands().keySet()) {
                assertThat(slow.commandText(kind, "x").length()).as(p.name() + " " + kind).isLessThanOrEqualTo(160);
            }
        }
    }

    @Test
    void gt06OnlineCommandMatchesTheExampleOfTheConcoxDocument() {
        // Concox JM-VL03 protocol 1.1.2, 7 Online command: "sos#" with flag 0, serial 1
        assertThat(Bytes.hex(CommandEncoders.gt06Online(0, "sos#", 1, false)))
                .isEqualToIgnoringCase("78780E800800000000736F732300016D6A0D0A");
    }

    @Test
    void gt06OnlineCommandCarriesTheServerFlagAndOptionalLanguage() throws Exception {
        byte[] b = CommandEncoders.gt06Online(0x01020304L, "WHERE#", 7, true);
        assertThat(Bytes.hex(b).substring(0, 18)).isEqualToIgnoringCase("7878" + "12" + "80" + "0A" + "01020304");
        assertThat(new String(b, 9, 6, StandardCharsets.US_ASCII)).isEqualTo("WHERE#");
        assertThat(Bytes.hex(b).substring(30, 38)).as("language English, serial 7").isEqualToIgnoringCase("00020007");
        // the frame is one our own GT06 framer and CRC check accept
        Gt06Protocol p = new Gt06Protocol();
        assertThat(p.frameLength(io.netty.buffer.Unpooled.wrappedBuffer(b))).isEqualTo(b.length);
        assertThat(Checksums.crc16X25(b, 2, b.length - 4))
                .isEqualTo(((b[b.length - 4] & 0xFF) << 8) | (b[b.length - 3] & 0xFF));
    }

    @Test
    void gt06AnswerEchoesTheServerFlag() throws Exception {
        // the device's 0x21 answer (JM-VL03 7): server flag 01020304, ASCII, the WHERE# text
        String text = "Lat:S12.046400,Lon:W77.042800,Course:0.00,Speed:0.00,DateTime:2026-12-07 19:40:00";
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[5 + t.length];
        content[0] = 1;
        content[1] = 2;
        content[2] = 3;
        content[3] = 4;
        content[4] = 1;
        System.arraycopy(t, 0, content, 5, t.length);
        byte[] frame = long79(0x21, content, 9);
        ProtocolSession s = new ProtocolSession();
        s.deviceId("359339075000001");
        List<DeviceMessage> m = new Gt06Protocol().decode(frame, s);
        assertThat(m).singleElement().isInstanceOf(DeviceMessage.Report.class);
        var fix = ((DeviceMessage.Report) m.get(0)).fixes().get(0);
        assertThat(fix.io().get("serverFlag")).isEqualTo(0x01020304L);
        assertThat(fix.latitude()).isEqualTo(-12.0464);
        assertThat(fix.longitude()).isEqualTo(-77.0428);
    }

    static byte[] long79(int protocol, byte[] content, int serial) {
        int length = 1 + content.length + 2 + 2;
        byte[] out = new byte[4 + length + 2];
        out[0] = 0x79;
        out[1] = 0x79;
        out[2] = (byte) (length >> 8);
        out[3] = (byte) length;
        out[4] = (byte) protocol;
        System.arraycopy(content, 0, out, 5, content.length);
        int i = 5 + content.length;
        out[i] = (byte) (serial >> 8);
        out[i + 1] = (byte) serial;
        int crc = Checksums.crc16X25(out, 2, i + 2);
        out[i + 2] = (byte) (crc >> 8);
        out[i + 3] = (byte) crc;
        out[i + 4] = 0x0D;
        out[i + 5] = 0x0A;
        return out;
    }

    @Test
    void h02IntervalCommandIsTheS71Text() {
        assertThat(new String(CommandEncoders.h02("4209950057", "S71", LocalTime.of(13, 5, 9), "22", "15"),
                StandardCharsets.US_ASCII)).isEqualTo("*HQ,4209950057,S71,130509,22,15#");
    }

    @Test
    void h02AnswerV4IsAPositionThatCarriesTheResponse() throws Exception {
        byte[] frame = "*HQ,4209950057,V4,S71,22,15,130509,A,1202.7840,S,07702.5680,W,0.00,0,071226,FFFFFBFF#"
                .getBytes(StandardCharsets.US_ASCII);
        ProtocolSession s = new ProtocolSession();
        List<DeviceMessage> m = new H02Protocol().decode(frame, s);
        DeviceMessage.Report r = (DeviceMessage.Report) m.get(m.size() - 1);
        assertThat(r.fixes().get(0).io().get("response")).isEqualTo("S71,22,15");
        assertThat(r.fixes().get(0).latitude()).isCloseTo(-12.0464, org.assertj.core.data.Offset.offset(1e-4));
    }
}
