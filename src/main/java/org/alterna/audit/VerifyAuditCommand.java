package org.alterna.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code alterna verify-audit}: checks the audit chain of the configured database and names the first break. */
@Command(name = "verify-audit", mixinStandardHelpOptions = true,
        description = {"Verify the hash chain of the audit trail, and the chain against the anchors signed with the",
                "installation's key (alterna.audit.anchor-file, by default beside the key in alterna.signing.key-dir);",
                "exit 0 if intact, 1 naming the first altered, inserted or deleted entry.",
                "Uses the same database and key settings as 'serve' (e.g. --spring.datasource.url=...)."})
public class VerifyAuditCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Verify the demo database (./data/demo).")
    boolean demo;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    /** Builds the application (given by the entry point, so that this module does not depend on it). */
    private final Supplier<SpringApplicationBuilder> application;

    public VerifyAuditCommand(Supplier<SpringApplicationBuilder> application) {
        this.application = application;
    }

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (demo) {
            args.add("--spring.profiles.include=demo");
        }
        // as arguments, so that they win over any profile's properties: verification starts nothing else
        args.addAll(List.of("--alterna.gateway.enabled=false", "--alterna.jobs.enabled=false",
                "--alterna.demo.fleet.enabled=false", "--alterna.demo.seed=false",
                "--alterna.identity.demo-accounts=false", "--alterna.identity.create-initial-admin=false",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        args.addAll(springArgs);
        try (ConfigurableApplicationContext context = application.get()
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new))) {
            AuditVerifier.Result result = context.getBean(AuditVerifier.class).verify();
            if (result.intact()) {
                System.out.println("Audit trail intact: " + result.entries() + " entries verified"
                        + (result.headHash() == null ? "" : "; head hash " + result.headHash()) + "; "
                        + (result.anchorNote() == null ? result.anchorsChecked() + " signed anchors match"
                        : "WARNING: " + result.anchorNote() + " (a rewritten chain would go unnoticed)"));
                return 0;
            }
            System.out.println("Audit trail BROKEN after " + result.entries() + " verified entries: "
                    + result.problem());
            return 1;
        }
    }
}
