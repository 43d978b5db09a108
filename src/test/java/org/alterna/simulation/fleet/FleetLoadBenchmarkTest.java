package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load benchmark works end to end at a tiny size: a server process, a fleet of connections, a fleet of OsmAnd
 * devices with orders over shared connections whose breaches raise alarms, the server's alarm latency read back, the
 * figures in the document.
 */
class FleetLoadBenchmarkTest {
    @Test
    void runsTheServerAndBothFleetsAndWritesTheSection(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "## Supervision engine\n\nkept\n\n## Fleet load\n\nold figures\n\n## After\n\nkept too\n");
        FleetLoadBenchmark.Result result = FleetLoadBenchmark.run(FleetLoadBenchmark.Options.parse("--dbs", "h2",
                "--connections", "20", "--interval", "1", "--warmup", "1", "--seconds", "3", "--alarm-devices", "40",
                "--alarm-interval", "10", "--alarm-warmup", "10", "--alarm-seconds", "20", "--alarm-share", "1",
                "--http-connections", "3", "--api-orders", "2", "--server", "classpath", "--out", doc.toString()));
        assertThat(result.rows()).hasSize(1);
        FleetLoadBenchmark.Row row = result.rows().get(0);
        assertThat(row.startupSeconds()).isPositive();
        assertThat(row.report().acknowledged()).isPositive();
        assertThat(row.report().recordsPerSecond()).isGreaterThan(5);
        assertThat(row.report().refused()).isZero();

        assertThat(result.alarmRows()).hasSize(1);
        FleetLoadBenchmark.AlarmRow alarms = result.alarmRows().get(0);
        assertThat(alarms.report().refused()).as("bulk-inserted devices are admitted").isZero();
        assertThat(alarms.report().connected()).as("three shared connections").isEqualTo(3);
        assertThat(alarms.report().recordsPerSecond()).isGreaterThan(2);
        assertThat(alarms.breachesPlaced()).isEqualTo(40);
        assertThat(alarms.evaluated()).as("bulk-inserted orders are supervised").isGreaterThan(40);
        assertThat(alarms.alarms().count()).as("breaches raise alarms in the window").isPositive();
        assertThat(alarms.alarms().percentileMillis(0.99)).isPositive().isLessThan(60_000);

        String text = Files.readString(doc);
        assertThat(text).contains("## Supervision engine\n\nkept", "## After\n\nkept too", "| H2 (file) | 20 |",
                "### Alarm latency", "| H2 (file) | ").doesNotContain("old figures");
    }
}
