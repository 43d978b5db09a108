package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.alterna.gateway.protocol.DeviceMessage;
import org.alterna.gateway.protocol.DeviceModelProfile;
import org.alterna.gateway.protocol.ProtocolSession;
import org.alterna.gateway.protocol.Protocols;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

/** Every frame the simulated devices send decodes, with the project's own decoders, to the values that were encoded. */
class EncodersTest {
    static final String IMEI = "356307042441013";
    static final SimFix FIX = new SimFix(Instant.parse("2026-03-02T14:25:36Z"), -12.121134, -77.030071, 152, 23.0,
            271, 9, 12.5, true, false, 83, false, false, false);
    static final SimFix OPEN_CHARGING = new SimFix(Instant.parse("2026-03-02T22:10:05Z"), -12.0830, -77.0350, 148, 0,
            0, 0, 640, false, true, 41, true, true, false);

    static ProtocolSession session(String profile) {
        ProtocolSession s = new ProtocolSession();
        s.values().put(DeviceModelProfile.SESSION_KEY, profile);
        return s;
    }

    @Test
    void crcsMatchTheCheckValuesOfTheirCatalogues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc.crc16Ibm(check, 0, check.length)).isEqualTo(0xBB3D); // CRC-16/ARC
        assertThat(Crc.crcItu(check, 0, check.length)).isEqualTo(0x906E); // CRC-16/X-25
    }

    @Test
    void teltonikaLoginAndCodec8RecordsDecodeToTheSameValues() throws Exception {
        var teltonika = Protocols.tcp("teltonika");
        ProtocolSession session = session("teltonika-ankle-tag");
        byte[] login = Encoders.teltonikaLogin(IMEI);
        assertThat(login).startsWith(0x00, 0x0F);
        DeviceMessage.Login l = (DeviceMessage.Login) teltonika.decode(login, session).get(0);
        assertThat(l.deviceId()).isEqualTo(IMEI);
        byte[] avl = Encoders.teltonikaAvl(List.of(FIX, OPEN_CHARGING));
        DeviceMessage.Report r = (DeviceMessage.Report) teltonika.decode(avl, session).get(0);
        assertThat(r.ackAfterStore()).containsExactly(0, 0, 0, 2);
        Fix a = r.fixes().get(0);
        assertThat(a.deviceTime()).isEqualTo(FIX.time());
        assertThat(a.latitude()).isCloseTo(FIX.lat(), within(1e-7));
        assertThat(a.longitude()).isCloseTo(FIX.lon(), within(1e-7));
        assertThat(a.speedKmh()).isEqualTo(23.0);
        assertThat(a.course()).isEqualTo(271.0);
        assertThat(a.satellites()).isEqualTo(9);
        assertThat(a.altitude()).isEqualTo(152.0);
        assertThat(a.valid()).isTrue();
        assertThat(a.hdop()).isEqualTo(FIX.hdop());
        assertThat(a.batteryPercent()).isEqualTo(83);
        assertThat(a.charging()).isFalse();
        assertThat(a.strap()).isEqualTo(Fix.StrapState.CLOSED);
        Fix b = r.fixes().get(1);
        assertThat(b.valid()).isFalse();
        assertThat(b.batteryPercent()).isEqualTo(41);
        assertThat(b.charging()).isTrue();
        assertThat(b.externalPower()).isTrue();
        assertThat(b.strap()).isEqualTo(Fix.StrapState.OPEN);
        assertThat(b.alarms()).contains(Fix.DeviceAlarm.TAMPER);
        assertThat(b.latitude()).isCloseTo(OPEN_CHARGING.lat(), within(1e-7));
    }

    @Test
    void gt06LoginLocationHeartbeatAndStrapAlarmDecodeToTheSameValues() throws Exception {
        var gt06 = Protocols.tcp("gt06");
        ProtocolSession session = session("gt06-ankle-tag");
        byte[] login = Encoders.gt06Login(IMEI, 1);
        DeviceMessage.Login l = (DeviceMessage.Login) gt06.decode(login, session).get(0);
        assertThat(l.deviceId()).isEqualTo(IMEI);
        assertThat(l.acceptReply()).hasSize(10);
        for (boolean classic : new boolean[] {true, false}) {
            byte[] location = Encoders.gt06Location(FIX, 2, classic, !classic, 0x3A7F);
            assertThat(location[3]).isEqualTo((byte) (classic ? 0x12 : 0x22));
            DeviceMessage.Report r = (DeviceMessage.Report) gt06.decode(location, session).get(0);
            Fix f = r.fixes().get(0);
            assertThat(f.deviceId()).isEqualTo(IMEI);
            assertThat(f.deviceTime()).isEqualTo(FIX.time());
            assertThat(f.latitude()).isCloseTo(FIX.lat(), within(1e-6));
            assertThat(f.longitude()).isCloseTo(FIX.lon(), within(1e-6));
            assertThat(f.speedKmh()).isEqualTo(23.0);
            assertThat(f.course()).isEqualTo(271.0);
            assertThat(f.satellites()).isEqualTo(9);
            assertThat(f.valid()).isTrue();
            assertThat(f.io()).containsEntry("mcc", 716).containsEntry("cellId", 0x3A7F);
            if (!classic) {
                assertThat(f.io()).containsEntry("reupload", true);
            }
            // the acknowledgement echoes protocol number and serial
            assertThat(r.ackAfterStore()[3]).isEqualTo(location[3]);
            assertThat(r.ackAfterStore()[5]).isEqualTo((byte) 2);
        }
        DeviceMessage.Status hb = (DeviceMessage.Status) gt06.decode(Encoders.gt06Heartbeat(OPEN_CHARGING, 3), session)
                .get(0);
        assertThat(hb.status()).containsEntry("type", "heartbeat").containsEntry("charging", true)
                .containsEntry("batteryPercent", 40);
        assertThat(hb.reply()).hasSize(10);
        DeviceMessage.Report alarm = (DeviceMessage.Report) gt06.decode(Encoders.gt06Alarm(OPEN_CHARGING, 0x18, 4, 7),
                session).get(0);
        Fix a = alarm.fixes().get(0);
        assertThat(a.strap()).isEqualTo(Fix.StrapState.OPEN);
        assertThat(a.alarms()).contains(Fix.DeviceAlarm.TAMPER);
        assertThat(a.valid()).isFalse();
        assertThat(a.charging()).isTrue();
        assertThat(a.latitude()).isCloseTo(OPEN_CHARGING.lat(), within(1e-6));
        assertThat(a.longitude()).isCloseTo(OPEN_CHARGING.lon(), within(1e-6));
    }

    @Test
    void h02PositionAndLinkDecodeToTheSameValues() throws Exception {
        var h02 = Protocols.tcp("h02");
        ProtocolSession session = session("h02-default");
        byte[] frame = Encoders.h02Position(IMEI, FIX);
        assertThat(new String(frame, StandardCharsets.US_ASCII)).startsWith("*HQ," + IMEI + ",V1,142536,A,1207.2680,S,07701.8043,W,")
                .endsWith(",020326,FFFFFBFF#");
        List<DeviceMessage> messages = h02.decode(frame, session);
        assertThat(messages.get(0)).isInstanceOf(DeviceMessage.Login.class);
        Fix f = ((DeviceMessage.Report) messages.get(1)).fixes().get(0);
        assertThat(f.deviceTime()).isEqualTo(FIX.time());
        assertThat(f.latitude()).isCloseTo(FIX.lat(), within(2e-6));
        assertThat(f.longitude()).isCloseTo(FIX.lon(), within(2e-6));
        assertThat(f.speedKmh()).isCloseTo(23.0, within(0.02));
        assertThat(f.course()).isEqualTo(271.0);
        assertThat(f.valid()).isTrue();
        DeviceMessage.Status link = (DeviceMessage.Status) h02.decode(Encoders.h02Link(IMEI, OPEN_CHARGING), session).get(0);
        assertThat(link.status()).containsEntry("type", "link").containsEntry("batteryPercent", 41);
        Fix invalid = ((DeviceMessage.Report) h02.decode(Encoders.h02Position(IMEI, OPEN_CHARGING), session).get(0))
                .fixes().get(0);
        assertThat(invalid.valid()).isFalse();
    }

    @Test
    void osmandQueryDecodesToTheSameValues() throws Exception {
        String uri = Encoders.osmandQuery(IMEI, FIX);
        Fix f = Protocols.osmand().decode("GET", uri, null, new byte[0]).fixes().get(0);
        assertThat(f.deviceId()).isEqualTo(IMEI);
        assertThat(f.deviceTime()).isEqualTo(FIX.time());
        assertThat(f.latitude()).isCloseTo(FIX.lat(), within(1e-6));
        assertThat(f.longitude()).isCloseTo(FIX.lon(), within(1e-6));
        assertThat(f.speedKmh()).isCloseTo(23.0, within(0.2));
        assertThat(f.course()).isEqualTo(271.0);
        assertThat(f.accuracyMeters()).isEqualTo(12.5);
        assertThat(f.batteryPercent()).isEqualTo(83);
        assertThat(f.charging()).isFalse();
        assertThat(f.valid()).isTrue();
        assertThat(f.io()).containsEntry("strap", "closed");
        Fix g = Protocols.osmand().decode("GET", Encoders.osmandQuery(IMEI, OPEN_CHARGING), null, new byte[0])
                .fixes().get(0);
        assertThat(g.valid()).isFalse();
        assertThat(g.charging()).isTrue();
        assertThat(g.accuracyMeters()).isEqualTo(640.0);
    }

    @Test
    void imeisAreFifteenDigitsWithALuhnCheckDigitAndUnique() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String imei = SimulatedPerson.imei(7, i, i % 2);
            assertThat(imei).hasSize(15).containsOnlyDigits();
            assertThat(seen.add(imei)).isTrue();
        }
        assertThat(SimulatedPerson.imei(0, 0, 0)).isEqualTo("350000000000006");
    }

    @Test
    void theAnswersToCommandsDecodeAsCommandResponses() throws Exception {
        ProtocolSession t = session("teltonika-ankle-tag");
        t.deviceId(IMEI);
        var answer = Protocols.tcp("teltonika").decode(Encoders.teltonikaCommandAnswer("Command received"), t);
        assertThat(((org.alterna.gateway.protocol.DeviceMessage.Status) answer.get(0)).status())
                .containsEntry("type", "commandResponse").containsEntry("response", "Command received");
        ProtocolSession g = session("gt06-default");
        g.deviceId(IMEI);
        var gt06 = Protocols.tcp("gt06").decode(Encoders.gt06CommandAnswer(0x01020304L, "OK", 9), g);
        assertThat(((org.alterna.gateway.protocol.DeviceMessage.Status) gt06.get(0)).status())
                .containsEntry("serverFlag", 0x01020304L).containsEntry("response", "OK");
    }
}
