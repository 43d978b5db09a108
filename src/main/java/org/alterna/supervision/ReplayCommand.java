package org.alterna.supervision;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.alterna.telemetry.Fix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code alterna replay FILE}: the alarms the engine would raise on a recorded or simulated track. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the supervision engine over a scenario file (SCENARIOS.md format) and print the alarms",
                "as JSON Lines. No server, database or network. Exit 0 on success, 2 on bad input."})
public class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Scenario JSON file.")
    Path file;

    @Option(names = "--truth", paramLabel = "TRUTH",
            description = "Score the alarms against a truth file (<name>.truth.json) and print the figures to stderr.")
    Path truth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Scenario scenario = ScenarioParser.parse(file);
            Scorer.Truth t = truth == null ? null : Scorer.Truth.parse(truth);
            List<ReplayAlarm> alarms = new ReplayRunner().run(scenario);
            for (ReplayAlarm a : alarms) {
                out.println(a.toJson());
            }
            out.flush();
            if (t != null) {
                Scorer.Report report = new Scorer.Report();
                Scorer.score(alarms, t, scenario.plan(), end(scenario.fixes()), report);
                err.print(report.format());
                report.byType.values().forEach(f -> {
                    f.misses.forEach(m -> err.println("missed: " + m));
                    f.falses.forEach(m -> err.println("false: " + m));
                });
                err.flush();
            }
            return 0;
        } catch (InvalidScenarioException e) {
            err.println("alterna replay: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    static Instant end(List<Fix> fixes) {
        Instant end = null;
        for (Fix f : fixes) {
            if (end == null || f.deviceTime().isAfter(end)) {
                end = f.deviceTime();
            }
        }
        return end;
    }
}
