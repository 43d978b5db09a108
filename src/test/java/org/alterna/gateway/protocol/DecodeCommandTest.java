package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code alterna decode} as an operator runs it: frames in, one JSON line per message out, exit 2 on bad input. */
class DecodeCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int status, List<JsonNode> lines, String err) {
    }

    private static Run decode(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DecodeCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        List<JsonNode> lines = Arrays.stream(out.toString().split("\n")).filter(l -> !l.isBlank())
                .map(JSON::readTree).toList();
        return new Run(status, lines, err.toString());
    }

    @Test
    void gt06LoginAndLocationStreamGivesOneLinePerMessageWithTheReplies() {
        Run run = decode("--protocol", "gt06", "--hex",
                Gt06ProtocolTest.DOC_LOGIN + " " + Gt06ProtocolTest.DOC_LOCATION);
        assertThat(run.status()).isZero();
        assertThat(run.lines()).hasSize(2);
        JsonNode login = run.lines().get(0);
        assertThat(login.get("type").asString()).isEqualTo("login");
        assertThat(login.get("imei").asString()).isEqualTo("123456789012345");
        assertThat(login.get("reply").asString()).isEqualToIgnoringCase(Gt06ProtocolTest.DOC_LOGIN_ACK);
        JsonNode position = run.lines().get(1);
        assertThat(position.get("type").asString()).isEqualTo("position");
        assertThat(position.get("imei").asString()).isEqualTo("123456789012345");
        assertThat(position.get("time").asString()).isEqualTo("2011-08-29T17:46:16Z");
        assertThat(position.get("lat").asDouble()).isCloseTo(23.1116683, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(position.get("lon").asDouble()).isCloseTo(114.4092850, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(position.get("satellites").asInt()).isEqualTo(15);
        assertThat(position.get("course").asDouble()).isEqualTo(143.0);
        assertThat(position.get("valid").asBoolean()).isTrue();
        assertThat(position.get("attributes").get("source").asString()).isEqualTo("GPS");
        assertThat(position.get("attributes").get("io").get("cellId").asInt()).isEqualTo(0x1FB8);
        assertThat(position.get("reply").asString())
                .isEqualTo(Bytes.hex(Bytes.gt06Packet(0x12, new byte[0], 3)));
    }

    @Test
    void teltonikaPacketNeedsTheImeiOfItsConnection() {
        Run run = decode("--protocol", "teltonika", "--imei", "356307042441013", "--hex",
                TeltonikaProtocolTest.WIKI_CODEC8_TWO_RECORDS);
        assertThat(run.status()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines()).allSatisfy(l -> assertThat(l.get("imei").asString()).isEqualTo("356307042441013"));
        assertThat(run.lines().get(0).has("reply")).isFalse();
        assertThat(run.lines().get(1).get("reply").asString()).isEqualTo("00000002"); // two records accepted
    }

    @Test
    void h02TextMessage() {
        Run run = decode("--protocol", "h02", "--text", H02ProtocolTest.DOC_V1);
        assertThat(run.status()).isZero();
        // H02 has no login message: its first message identifies the device, shown as a login line
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0).get("type").asString()).isEqualTo("login");
        JsonNode fix = run.lines().get(1);
        assertThat(fix.get("imei").asString()).isEqualTo("4106012736");
        assertThat(fix.get("time").asString()).isEqualTo("2024-03-01T22:44:34Z");
        assertThat(fix.get("lat").asDouble()).isCloseTo(-(12 + 19.4567 / 60), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fix.get("lon").asDouble()).isCloseTo(-(77 + 2.5678 / 60), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fix.get("speedKmh").asDouble()).isCloseTo(12.5 * 1.852, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void osmandQueryString() {
        Run run = decode("--protocol", "osmand", "--text",
                "id=864512&timestamp=1709330674&lat=-12.0463731&lon=-77.0427934&accuracy=8.5&batt=87");
        assertThat(run.status()).isZero();
        JsonNode fix = run.lines().get(0);
        assertThat(fix.get("imei").asString()).isEqualTo("864512");
        assertThat(fix.get("time").asString()).isEqualTo("2024-03-01T22:04:34Z");
        assertThat(fix.get("lat").asDouble()).isEqualTo(-12.0463731);
        assertThat(fix.get("attributes").get("accuracy").asDouble()).isEqualTo(8.5);
        assertThat(fix.get("attributes").get("batteryPercent").asInt()).isEqualTo(87);
    }

    @Test
    void aCorruptedCrcIsReportedWithItsOffsetAndExitStatus2() {
        String location = Gt06ProtocolTest.DOC_LOCATION;
        // flip one byte of the CRC (the 4 hex digits before the 0D0A stop bits)
        int crc = location.length() - 8;
        String broken = location.substring(0, crc) + (location.charAt(crc) == '0' ? '1' : '0')
                + location.substring(crc + 1);
        Run run = decode("--protocol", "gt06", "--imei", "123456789012345", "--hex",
                Gt06ProtocolTest.DOC_LOGIN + broken);
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.lines()).hasSize(1); // the login before the bad frame was still printed
        assertThat(run.err()).startsWith("error: ").containsIgnoringCase("crc")
                .contains("at byte " + (Gt06ProtocolTest.DOC_LOGIN.length() / 2 + broken.length() / 2 - 4));
    }

    @Test
    void badHexAndUnknownProtocolAreClearErrors() {
        Run hex = decode("--protocol", "gt06", "--hex", "78 78 zz");
        assertThat(hex.status()).isEqualTo(2);
        assertThat(hex.err()).contains("bad --hex");
        Run protocol = decode("--protocol", "pigeon", "--hex", "00");
        assertThat(protocol.status()).isEqualTo(2);
        assertThat(protocol.err()).contains("pigeon");
        assertThat(protocol.lines()).isEmpty();
    }

    @Test
    void udpDatagramDecodesWithoutFraming() {
        byte[] avl = new Bytes().u8(0x08).u8(1).u64(1_500_000_000_000L).u8(0).u32(0).u32(0).u16(0).u16(0).u8(0)
                .u16(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(1).bytes();
        byte[] body = new Bytes().u16(0x0102).u8(1).u8(5).u16(15).ascii("356307042441013").raw(avl).bytes();
        String hex = Bytes.hex(new Bytes().u16(body.length).raw(body).bytes());
        Run run = decode("--protocol", "teltonika", "--datagram", "--hex", hex);
        assertThat(run.status()).isZero();
        assertThat(run.lines()).extracting(l -> l.get("type").asString()).containsExactly("login", "position");
        assertThat(run.lines().get(1).get("reply").asString()).isEqualTo("0005010201" + "0501");
        // the same bytes as a TCP stream are not a frame
        assertThat(decode("--protocol", "teltonika", "--hex", hex).status()).isEqualTo(2);
    }
}
