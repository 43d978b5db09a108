package org.alterna.simulation.fleet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alterna synthetic-register}: writes a synthetic prison register (CSV) following INPE's figures. No Spring. */
@Command(name = "synthetic-register", mixinStandardHelpOptions = true,
        description = {"Write a synthetic prison register (CSV, UTF-8) whose people per establishment follow INPE's "
                + "figures of 31 Jan 2026 (population, share of procesados, sex). Every person is labelled synthetic.",
                "Import it with POST /api/v1/eligibility/register/imports (text/csv)."})
public class SyntheticRegisterCommand implements Callable<Integer> {
    @Option(names = "--scale", defaultValue = "1", description = "Share of the population to generate: 1 = 103,717 "
            + "people (default ${DEFAULT-VALUE}).")
    double scale;

    @Option(names = "--seed", defaultValue = "2026", description = "Same seed, same people (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "File to write (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!(scale > 0 && scale <= 10)) {
            System.err.println("--scale must be above 0 and at most 10");
            return 2;
        }
        LocalDate today = LocalDate.now(ZoneId.of("America/Lima"));
        try (Writer w = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            RegisterGenerator.write(w, seed, scale, today);
        }
        return 0;
    }
}
