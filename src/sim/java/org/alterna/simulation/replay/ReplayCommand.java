package org.alterna.simulation.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.alterna.supervision.ReplayAlarm;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.telemetry.Fix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code alterna replay FILE}: the alarms the engine would raise on a recorded or simulated track. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the supervision engine over a scenario file (SCENARIOS.md format, or a stored case exported",
                "with GET /api/v1/orders/{id}/replay-scenario) and print the alarms as JSON Lines. No server, database",
                "or network. Exit 0 on success, 2 on bad input."})
public class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Scenario JSON file.")
    Path file;

    @Option(names = "--truth", paramLabel = "TRUTH",
            description = "Score the alarms against a truth file (<name>.truth.json) and print the figures to stderr.")
    Path truth;

    @Option(names = "--conditions", paramLabel = "CONDITIONS",
            description = {"What-if: replay the same positions under other conditions (a 'supervision' object, or a",
                    "file that has one), in force throughout instead of the recorded ones and their variations.",
                    "The alarms printed are the what-if's; stderr compares the counts."})
    Path conditions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Scenario scenario = ScenarioParser.parse(file);
            Scorer.Truth t = truth == null ? null : Scorer.Truth.parse(truth);
            Scenario run = scenario;
            List<ReplayAlarm> recorded = null;
            if (conditions != null) {
                recorded = scenario.replay();
                run = scenario.withConditions(whatIf(conditions, scenario.plan().timezone()));
            }
            List<ReplayAlarm> alarms = run.replay();
            for (ReplayAlarm a : alarms) {
                out.println(a.toJson());
            }
            out.flush();
            if (recorded != null) {
                err.println("with the recorded conditions: " + recorded.size() + " alarm(s); with " + conditions + ": "
                        + alarms.size() + " alarm(s)");
                err.flush();
            }
            if (t != null) {
                Scorer.Report report = new Scorer.Report();
                Scorer.score(alarms, t, run.plan(), end(run.fixes()), report);
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

    /** The plan of a conditions file: a {@code supervision} object, or any object holding one. */
    static SupervisionPlan whatIf(Path file, java.time.ZoneId zone) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = ScenarioParser.readTree(in);
        } catch (NoSuchFileException e) {
            throw new InvalidScenarioException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidScenarioException(file + ": " + e.getMessage());
        }
        if (root != null && root.isObject() && root.has("supervision")) {
            return ScenarioParser.parsePlan(root.get("supervision"), "conditions.supervision", zone);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidScenarioException("conditions: must be a JSON object");
        }
        return ScenarioParser.parsePlan(root, "conditions", zone);
    }

    /** The latest device time of the fixes (null if none): where a scenario ends. */
    public static Instant end(List<Fix> fixes) {
        Instant end = null;
        for (Fix f : fixes) {
            if (end == null || f.deviceTime().isAfter(end)) {
                end = f.deviceTime();
            }
        }
        return end;
    }
}
