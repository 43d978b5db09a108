package org.alterna.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load benchmark works end to end at a tiny size: a server process, a fleet, figures in the document. */
class FleetLoadBenchmarkTest {
    @Test
    void runsTheServerAndTheFleetAndWritesTheSection(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "## Supervision engine\n\nkept\n\n## Fleet load\n\nold figures\n\n## After\n\nkept too\n");
        List<FleetLoadBenchmark.Row> rows = FleetLoadBenchmark.run(FleetLoadBenchmark.Options.parse("--dbs", "h2",
                "--connections", "20", "--interval", "1", "--warmup", "1", "--seconds", "3", "--server", "classpath",
                "--out", doc.toString()));
        assertThat(rows).hasSize(1);
        FleetLoadBenchmark.Row row = rows.get(0);
        assertThat(row.startupSeconds()).isPositive();
        assertThat(row.report().acknowledged()).isPositive();
        assertThat(row.report().recordsPerSecond()).isGreaterThan(5);
        assertThat(row.report().refused()).isZero();
        String text = Files.readString(doc);
        assertThat(text).contains("## Supervision engine\n\nkept", "## After\n\nkept too", "| H2 (file) | 20 |",
                "Alarm latency").doesNotContain("old figures");
    }
}
