package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.alterna.simulation.replay.Scenario;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;

/**
 * The scenario format's device flags and messages without a position ({@code events}): read, and replayed as the live
 * supervisor evaluates them (a strap cut in a heartbeat, a power cut flag), rejected with their path when wrong.
 */
class ScenarioDeviceEventsTest {
    static final String FIX = "{\"time\": \"2026-03-02T01:0%d:00Z\", \"lat\": -12.12, \"lon\": -77.03, \"strap\": "
            + "\"CLOSED\"%s}";

    static Scenario parse(String fixes, String rest) {
        return ScenarioHomePresenceParsingTest.parse("", fixes, rest);
    }

    @Test
    void aStrapCutInAHeartbeatAndAPowerCutFlagReplayToTheirAlarms() {
        Scenario s = parse(FIX.formatted(0, "") + ", " + FIX.formatted(1, "") + ", "
                        + FIX.formatted(2, ", \"alarms\": [\"POWER_CUT\"], \"externalPower\": false") + ", "
                        + FIX.formatted(3, ""),
                ", \"events\": [{\"time\": \"2026-03-02T01:00:30Z\", \"receivedAt\": \"2026-03-02T01:00:31Z\", "
                        + "\"alarms\": [\"TAMPER\"], \"battery\": 64, \"io\": {\"alarmCode\": 19}}]");
        assertThat(s.fixes()).hasSize(5);
        Fix heartbeat = s.fixes().stream().filter(f -> !f.hasPosition()).findFirst().orElseThrow();
        assertThat(heartbeat.alarms()).containsExactly(Fix.DeviceAlarm.TAMPER);
        assertThat(heartbeat.batteryPercent()).isEqualTo(64);
        assertThat(heartbeat.serverTime()).isEqualTo(Instant.parse("2026-03-02T01:00:31Z"));
        assertThat(s.fixes().get(2).alarms()).containsExactly(Fix.DeviceAlarm.POWER_CUT);
        assertThat(s.fixes().get(2).externalPower()).isFalse();

        List<ReplayAlarm> alarms = s.replay();
        assertThat(alarms).as(alarms.toString()).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(AlarmType.STRAP_TAMPER);
            assertThat(a.start()).isEqualTo(Instant.parse("2026-03-02T01:00:30Z"));
            assertThat(a.end()).isEqualTo(Instant.parse("2026-03-02T01:01:00Z"));
        });
        assertThat(alarms).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(AlarmType.POWER_CUT);
            assertThat(a.start()).isEqualTo(Instant.parse("2026-03-02T01:02:00Z"));
        });
        // without the heartbeat, no strap alarm: the positions say the strap is closed
        Scenario positionsOnly = parse(FIX.formatted(0, "") + ", " + FIX.formatted(1, ""), "");
        assertThat(positionsOnly.replay()).noneMatch(a -> a.type() == AlarmType.STRAP_TAMPER);
    }

    @Test
    void wrongValuesNameTheirPath() {
        assertThatThrownBy(() -> parse(FIX.formatted(0, ", \"alarms\": [\"SMOKE\"]"), ""))
                .hasMessageStartingWith("fixes[0].alarms[0]");
        assertThatThrownBy(() -> parse(FIX.formatted(0, ""), ", \"events\": [{\"battery\": 50}]"))
                .hasMessageStartingWith("events[0].time");
        assertThatThrownBy(() -> parse(FIX.formatted(0, ""), ", \"events\": [{\"time\": \"2026-03-02T01:00:30Z\", "
                + "\"externalPower\": \"yes\"}]")).hasMessage("events[0].externalPower: must be true or false");
    }
}
