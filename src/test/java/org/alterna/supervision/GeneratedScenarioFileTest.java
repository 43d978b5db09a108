package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.alterna.supervision.tracks.LimaTrackGenerator;
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
        assertThat(parsed.fixes()).hasSize(g.fixes().size());
        assertThat(parsed.victimFixes()).hasSize(g.victimFixes().size());
        List<ReplayAlarm> fromFile = new ReplayRunner().run(parsed);
        List<ReplayAlarm> inMemory = new ReplayRunner().run(g.plan(), g.fixes(), g.victimFixes(), null);
        assertThat(fromFile).extracting(ReplayAlarm::type).containsExactlyElementsOf(
                inMemory.stream().map(ReplayAlarm::type).toList());
        assertThat(Scorer.Truth.parse(files[1]).violations()).hasSize(g.truth().violations().size());

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
