package org.alterna.portability;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.alterna.audit.AuditVerifier;
import org.alterna.audit.InstallationKey;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code alterna import FILE}: loads an export into a new, empty installation and verifies its audit chain. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import an archive written by 'alterna export' into an empty installation (the database of",
                "--spring.datasource.url=..., created and migrated if new). Checks every file's SHA-256 and the",
                "signature, then walks the audit chain. Exit 0 when imported and the chain verifies, 1 when the",
                "chain is broken, 2 when the import was refused (nothing imported)."})
public class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "Archive written by 'alterna export'.")
    Path file;

    @Option(names = "--key", paramLabel = "PEM",
            description = "Public key of the exporting installation (PEM file). Without it the key inside the "
                    + "archive is used, which proves integrity but not origin.")
    Path key;

    @Option(names = "--demo", description = "Import into the demo database (./data/demo).")
    boolean demo;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final Supplier<SpringApplicationBuilder> application;

    public ImportCommand(Supplier<SpringApplicationBuilder> application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PublicKey trusted;
        try {
            trusted = key == null ? null : InstallationKey.parsePublicKey(Files.readString(key));
        } catch (IOException | IllegalArgumentException e) {
            err.println("alterna import: --key " + key + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        try (ConfigurableApplicationContext context = OfflineApplication.start(application, demo, springArgs);
             InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long started = System.nanoTime();
            InstallationImport.Summary summary = InstallationImport.read(context.getBean(DataSource.class), in,
                    trusted, line -> {
                        out.println(line);
                        out.flush();
                    });
            out.printf("Imported %,d rows in %.1f s; archive signed by key %s%s%n",
                    summary.rows().values().stream().mapToLong(Long::longValue).sum(),
                    (System.nanoTime() - started) / 1e9, summary.keyId(),
                    summary.keyFromArchive() ? " (the key inside the archive: compare it with the exporting "
                            + "installation's published key)" : " (the key given with --key)");
            AuditVerifier.Result audit = context.getBean(AuditVerifier.class).verify();
            if (audit.intact()) {
                out.println("Audit trail intact: " + audit.entries() + " entries verified"
                        + (audit.headHash() == null ? "" : "; head hash " + audit.headHash()));
                out.flush();
                return 0;
            }
            out.println("Audit trail BROKEN after " + audit.entries() + " verified entries: " + audit.problem());
            out.flush();
            return 1;
        } catch (InstallationImport.ImportException e) {
            err.println("alterna import: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("alterna import: " + file + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
