package org.alterna.portability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.alterna.audit.InstallationKey;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code alterna export FILE}: the whole installation as one signed, vendor-neutral archive. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the whole installation (cases, positions, alarms, audit trail) to FILE, a ZIP archive in",
                "the format of docs/export-format.md, signed with the installation key. Uses the same database",
                "settings as 'serve' (e.g. --spring.datasource.url=...). Exit 0 on success, 1 on failure."})
public class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Archive to write (it must not exist).")
    Path file;

    @Option(names = "--demo", description = "Export the demo database (./data/demo).")
    boolean demo;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Supplier<SpringApplicationBuilder> application;

    public ExportCommand(Supplier<SpringApplicationBuilder> application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(file)) {
            err.println("alterna export: " + file + " exists; choose a new file name");
            err.flush();
            return 1;
        }
        try (ConfigurableApplicationContext context = OfflineApplication.start(application, demo, springArgs);
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long started = System.nanoTime();
            InstallationExport.Summary summary = InstallationExport.write(context.getBean(DataSource.class), os,
                    Signer.of(context.getBean(InstallationKey.class)), "alterna export",
                    context.getBean(Clock.class).instant(), ExportedTables.TABLES, line -> {
                        out.println(line);
                        out.flush();
                    });
            os.flush();
            out.printf("Exported to %s in %.1f s; manifest SHA-256 %s, signed by installation key %s%n", file,
                    (System.nanoTime() - started) / 1e9, summary.manifestSha256(), summary.keyId());
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("alterna export: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
