package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.alterna.simulation.replay.Scorer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The six example scenarios beside SCENARIOS.md (../shared/scenarios): no false alarm, every violation detected. */
class SharedScenariosTest {
    @Test
    void sharedExamplesHaveNoFalseAlarmsAndFullRecall() throws IOException {
        Path dir = Path.of("../shared/scenarios");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("../../shared/scenarios"); // from a worktree under /work/wt
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared scenarios absent");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".truth.json")).sorted()
                    .toList();
        }
        Assumptions.assumeFalse(files.isEmpty());
        Scorer.Report report = new Scorer.Report();
        for (Path f : files) {
            Scenario sc = ScenarioParser.parse(f);
            Path truth = Path.of(f.toString().replace(".json", ".truth.json"));
            List<ReplayAlarm> alarms = sc.replay();
            Scorer.score(alarms, Scorer.Truth.parse(truth), sc.plan(), ReplayCommand.end(sc.fixes()), report);
        }
        System.out.println(report.format());
        Scorer.Figures all = report.over(AlarmType.values());
        assertThat(all.falses).isEmpty();
        assertThat(all.misses).isEmpty();
    }
}
