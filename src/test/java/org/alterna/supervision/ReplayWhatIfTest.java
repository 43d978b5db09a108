package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A stored case replays with the variations of its conditions (each from its moment), and a what-if replays the same
 * positions under other conditions: a larger home zone would not have raised the walk out.
 */
class ReplayWhatIfTest {
    @TempDir
    Path dir;

    static final String HOME_100 = """
            {"zones":[{"id":"casa","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
              "radiusMeters":100}]}""";
    static final String HOME_2000 = HOME_100.replace("\"radiusMeters\":100", "\"radiusMeters\":2000");

    /** At home, then a walk of ~600 m out and back at 03:00-03:40 UTC, twice (day 1 and day 2). */
    static String scenario(String variations) {
        List<String> fixes = new ArrayList<>();
        for (int day = 0; day < 2; day++) {
            Instant t0 = Instant.parse("2026-03-02T00:00:00Z").plusSeconds(86_400L * day);
            for (int m = 0; m < 360; m++) {
                Instant t = t0.plusSeconds(60L * m);
                double away = m >= 180 && m < 220 ? Math.min(m - 180, 220 - m) * 0.0003 : 0;
                fixes.add("{\"time\":\"%s\",\"lat\":%.6f,\"lon\":%.6f,\"accuracy\":8,\"valid\":true,\"source\":\"GPS\"}"
                        .formatted(t, -12.12 + away + 0.00002 * Math.sin(m), -77.03 + 0.00002 * Math.cos(m)));
            }
        }
        return """
                {"name":"case","timezone":"America/Lima","supervision":%s,"variations":%s,"fixes":[%s]}"""
                .formatted(HOME_100, variations, String.join(",", fixes));
    }

    @Test
    void variationsApplyFromTheirMoment() {
        // from the second day on, the judge widened the zone: only the first walk is a breach
        Scenario s = ScenarioParser.parse(new java.io.ByteArrayInputStream(scenario(
                "[{\"from\":\"2026-03-02T12:00:00Z\",\"supervision\":" + HOME_2000 + "}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(s.variations()).hasSize(1);
        List<ReplayAlarm> alarms = s.replay();
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).type()).isEqualTo(AlarmType.INCLUSION_ZONE);
        assertThat(alarms.get(0).start()).isBefore(Instant.parse("2026-03-02T12:00:00Z"));

        Scenario unchanged = ScenarioParser.parse(new java.io.ByteArrayInputStream(scenario("[]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(unchanged.replay()).hasSize(2);
    }

    @Test
    void whatIfOtherConditions() throws Exception {
        Path file = dir.resolve("case.json");
        Files.writeString(file, scenario("[]"));
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"supervision\":" + HOME_2000 + "}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new ReplayCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(file.toString(), "--conditions", other.toString());
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).isBlank();
        assertThat(err.toString()).contains("with the recorded conditions: 2 alarm(s); with " + other + ": 0 alarm(s)");

        StringWriter recorded = new StringWriter();
        new CommandLine(new ReplayCommand()).setOut(new PrintWriter(recorded)).execute(file.toString());
        assertThat(recorded.toString().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("INCLUSION_ZONE"));

        Files.writeString(other, "{\"zones\":[{\"id\":\"x\",\"type\":\"SOMEWHERE\"}]}");
        StringWriter bad = new StringWriter();
        int refused = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(bad))
                .execute(file.toString(), "--conditions", other.toString());
        assertThat(refused).isEqualTo(2);
        assertThat(bad.toString()).contains("conditions.zones[0].type");
    }
}
