package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.alterna.telemetry.Fix.StrapState;
import org.junit.jupiter.api.Test;

/**
 * The gateway decodes before it knows the device's model and applies the model's profile once the device is admitted:
 * decoding with no profile and then reading the message with the model's profile gives what decoding with the
 * model's profile gives, for positions and for readings without one.
 */
class ProfileAfterAdmissionTest {
    private final Gt06Protocol gt06 = new Gt06Protocol(Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"),
            ZoneOffset.UTC));
    private final TeltonikaProtocol teltonika = new TeltonikaProtocol();

    private static ProtocolSession session(Object profile) {
        ProtocolSession s = new ProtocolSession();
        s.deviceId("123456789012345");
        s.values().put(DeviceModelProfile.SESSION_KEY, profile);
        return s;
    }

    @Test
    void aGt06AnkleTagsStrapAlarmIsReadTheSameAfterAdmission() throws Exception {
        // a position with alarm code 0x18 (strap removed on the GT06 ankle tags), voltage level 3
        byte[] content = new Bytes().raw(Gt06ProtocolTest.gps(Instant.parse("2024-03-01T10:00:00Z"), -12.05, -77.04,
                        0, 90, true))
                .u8(8).u16(716).u8(10).u16(1).u24(2)
                .u8(0x00).u8(0x03).u8(0x03).u8(0x18).u8(0x02).bytes();
        byte[] position = Bytes.gt06Packet(0x16, content, 7);
        DeviceModelProfile ankleTag = DeviceModelProfile.named("gt06-ankle-tag");

        Fix raw = report(gt06.decode(position, session(DeviceModelProfile.NONE))).fixes().get(0);
        assertThat(raw.strap()).as("no model known while decoding").isNull();
        assertThat(raw.batteryPercent()).isNull();
        Fix read = report(ankleTag.interpret(report(gt06.decode(position, session(DeviceModelProfile.NONE)))))
                .fixes().get(0);
        Fix expected = report(gt06.decode(position, session("gt06-ankle-tag"))).fixes().get(0);
        assertThat(read.strap()).isEqualTo(StrapState.OPEN);
        assertThat(read.batteryPercent()).isEqualTo(40);
        assertThat(read).usingRecursiveComparison().ignoringFields("serverTime").isEqualTo(expected);

        // the same alarm in a heartbeat: a reading without a position
        byte[] heartbeat = Bytes.gt06Packet(0x13, new byte[] {0x41, 4, 4, 0x18, 0x02}, 8);
        DeviceMessage.Status rawStatus = (DeviceMessage.Status) gt06.decode(heartbeat,
                session(DeviceModelProfile.NONE)).get(0);
        assertThat(rawStatus.status()).doesNotContainKey("strap");
        DeviceMessage.Status readStatus = (DeviceMessage.Status) ankleTag.interpret(rawStatus);
        DeviceMessage.Status expectedStatus = (DeviceMessage.Status) gt06.decode(heartbeat,
                session("gt06-ankle-tag")).get(0);
        assertThat(readStatus.status()).containsEntry("strap", "OPEN").containsEntry("batteryPercent", 60);
        assertThat(List.copyOf(readStatus.status().entrySet()))
                .containsExactlyElementsOf(expectedStatus.status().entrySet());
        assertThat(readStatus.reply()).isEqualTo(expectedStatus.reply());
    }

    @Test
    void aTeltonikaAnkleTagsStrapLoopIsReadTheSameAfterAdmission() throws Exception {
        // strap loop open (DIN2=1), battery 87 %, external 12.85 V
        byte[] data = new Bytes().u8(0x08).u8(1)
                .u64(Instant.parse("2024-03-01T12:00:00.250Z").toEpochMilli()).u8(0)
                .u32(-770427934).u32(-120463731).u16(154).u16(271).u8(9).u16(38)
                .u8(2).u8(4)
                .u8(2).u8(2).u8(1).u8(113).u8(87)
                .u8(2).u8(66).u16(12850).u8(182).u16(9)
                .u8(0).u8(0).u8(1).bytes();
        byte[] packet = Bytes.teltonikaPacket(data);
        Fix raw = report(teltonika.decode(packet, session(DeviceModelProfile.NONE))).fixes().get(0);
        assertThat(raw.strap()).isNull();
        assertThat(raw.alarms()).isEmpty();
        Fix read = report(DeviceModelProfile.forModel("teltonika-ankle-tag", "teltonika")
                .interpret(report(teltonika.decode(packet, session(DeviceModelProfile.NONE))))).fixes().get(0);
        Fix expected = report(teltonika.decode(packet, session("teltonika-ankle-tag"))).fixes().get(0);
        assertThat(read.strap()).isEqualTo(StrapState.OPEN);
        assertThat(read.alarms()).containsExactly(DeviceAlarm.TAMPER);
        assertThat(read).usingRecursiveComparison().ignoringFields("serverTime").isEqualTo(expected);

        // a model without a profile of its own is read with the protocol's default: no strap, battery from io113
        Fix unknownModel = report(DeviceModelProfile.forModel("FMB920", "teltonika")
                .interpret(report(teltonika.decode(packet, session(DeviceModelProfile.NONE))))).fixes().get(0);
        assertThat(unknownModel.strap()).isNull();
        assertThat(unknownModel.batteryPercent()).isEqualTo(87);
    }

    private static DeviceMessage.Report report(DeviceMessage m) {
        return (DeviceMessage.Report) m;
    }

    private static DeviceMessage.Report report(List<DeviceMessage> messages) {
        return (DeviceMessage.Report) messages.get(0);
    }
}
