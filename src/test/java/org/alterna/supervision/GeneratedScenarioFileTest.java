package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.alterna.simulation.replay.Scorer;
import org.alterna.simulation.tracks.LimaTrackGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generator writes scenario + truth files in the shared format; `alterna replay --truth` scores them. */
class GeneratedScenarioFileTest {
    @Test
    void writtenScenarioReplaysToTheSameAlarmsAndIsScored(@TempDir Path dir) throws Exception {
        long seed = 20260302L;
        Path[] files = LimaTrackGenerator.writeScenario(dir, seed, 2);
        assertThat(files[0].getFileName().toString()).isEqualTo("lima-gen-" + seed + ".json");
        assertThat(files[1].getFileName().toString()).isEqualTo("lima-gen-" + seed + ".truth.json");

        Scenario parsed = ScenarioParser.parse(files[0]);
        LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed, 2);
        // every rule of the plan survives the file: zones with their schedules, the route, the sensor rules
        SupervisionPlan p = parsed.plan();
        assertThat(p.zones()).extracting(Zone::id).containsExactly("home", "victim-home", "victim-work");
        assertThat(p.zones().get(2).schedule().entries()).isEqualTo(g.plan().zones().get(2).schedule().entries());
        assertThat(p.routes()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("home-work");
            assertThat(r.corridorMeters()).isEqualTo(g.plan().routes().get(0).corridorMeters());
            assertThat(r.line().getNumPoints()).isEqualTo(g.plan().routes().get(0).line().getNumPoints());
            assertThat(r.schedule().entries()).isEqualTo(g.plan().routes().get(0).schedule().entries());
        });
        assertThat(p.chargingWindow().entries()).isEqualTo(g.plan().chargingWindow().entries());
        assertThat(p.grace(AlarmType.NOT_CHARGING)).isEqualTo(g.plan().grace(AlarmType.NOT_CHARGING));
        assertThat(p.noFixMinutes()).isEqualTo(g.plan().noFixMinutes()).isNotNull();
        assertThat(p.criticalBatteryPercent()).isEqualTo(g.plan().criticalBatteryPercent()).isNotNull();
        assertThat(p.victimPreAlertMeters()).isEqualTo(g.plan().victimPreAlertMeters());
        assertThat(parsed.fixes()).hasSize(g.fixes().size());
        assertThat(parsed.victimFixes()).hasSize(g.victimFixes().size());
        List<ReplayAlarm> fromFile = parsed.replay();
        List<ReplayAlarm> inMemory = new ReplayRunner().run(g.plan(), g.fixes(), g.victimFixes(), null);
        assertThat(fromFile).extracting(a -> a.type() + "/" + a.zone()).containsExactlyElementsOf(
                inMemory.stream().map(a -> a.type() + "/" + a.zone()).toList());
        assertThat(Scorer.Truth.parse(files[1]).violations()).containsExactlyElementsOf(g.truth().violations());
        assertThat(Scorer.Truth.parse(files[1]).dontCare()).containsExactlyElementsOf(g.truth().dontCare());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplayCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(files[0].toString(), "--truth", files[1].toString());
        assertThat(code).isZero();
        assertThat(out.toString().lines().count()).isEqualTo(fromFile.size());
        assertThat(err.toString()).contains("recall").contains("ALL").doesNotContain("false:");
    }
}
