package org.alterna.portability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without web server, gateway, timers, live supervision, demo data, initial accounts or bundled rule
 * sets: a database and its beans, which writes nothing on its own.
 */
final class OfflineApplication {
    private OfflineApplication() {
    }

    static ConfigurableApplicationContext start(Supplier<SpringApplicationBuilder> application, boolean demo,
            List<String> springArgs) {
        List<String> args = new ArrayList<>();
        if (demo) {
            args.add("--spring.profiles.include=demo");
        }
        // as arguments, so that they win over any profile's properties
        args.addAll(List.of("--alterna.gateway.enabled=false", "--alterna.jobs.enabled=false",
                "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false", "--alterna.demo.seed=false",
                "--alterna.identity.demo-accounts=false", "--alterna.identity.create-initial-admin=false",
                // an installation about to receive an import stays empty (the export carries the rule sets)
                "--alterna.eligibility.load-bundled-rule-sets=false", "--alterna.supervision.live.enabled=false",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        args.addAll(springArgs);
        return application.get().web(WebApplicationType.NONE).logStartupInfo(false).run(args.toArray(String[]::new));
    }
}
