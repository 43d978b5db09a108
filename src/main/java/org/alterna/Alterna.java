package org.alterna;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Entry point of {@code alterna.jar}: a command line whose default subcommand is {@code serve}.
 * Each capability contributes its own subcommand (decode, verify-audit, verify, export, import); the simulation and
 * measurement tools outside the server (replay, simulate, synthetic-register) contribute theirs as {@link Subcommands}.
 */
@Command(name = "alterna", mixinStandardHelpOptions = true, version = "Alterna 0.1.0",
        description = "Open electronic monitoring for alternatives to imprisonment.",
        subcommands = {Alterna.Serve.class, CommandLine.HelpCommand.class})
public class Alterna implements Callable<Integer> {

    /** Subcommands registered by capabilities; kept in one list so main() stays the only wiring point. */
    static List<Object> extraSubcommands() {
        List<Object> commands = new ArrayList<>();
        commands.add(new org.alterna.audit.VerifyAuditCommand(
                () -> new org.springframework.boot.builder.SpringApplicationBuilder(AlternaApplication.class)));
        commands.add(new org.alterna.gateway.protocol.DecodeCommand());
        commands.add(new org.alterna.reports.VerifyEvidenceCommand());
        commands.add(new org.alterna.portability.ExportCommand(
                () -> new org.springframework.boot.builder.SpringApplicationBuilder(AlternaApplication.class)));
        commands.add(new org.alterna.portability.ImportCommand(
                () -> new org.springframework.boot.builder.SpringApplicationBuilder(AlternaApplication.class)));
        for (Subcommands tools : ServiceLoader.load(Subcommands.class, Alterna.class.getClassLoader())) {
            commands.addAll(tools.commands());
        }
        return commands;
    }

    /**
     * Subcommands contributed by code outside the server's packages (the simulation and measurement tools, compiled
     * apart in {@code src/sim/java}), found through {@link ServiceLoader} so that the server never names them.
     */
    public interface Subcommands {
        /** picocli command objects. */
        List<Object> commands();
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0 || !Serve.running) {
            System.exit(status); // a command finished; a started server keeps running on its own threads
        }
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Alterna());
        for (Object command : extraSubcommands()) {
            cli.addSubcommand(command);
        }
        if (args.length == 0 || (args[0].startsWith("-") && !isTopLevelOption(args[0]))) {
            String[] withServe = new String[args.length + 1];
            withServe[0] = "serve";
            System.arraycopy(args, 0, withServe, 1, args.length);
            args = withServe;
        }
        return cli.execute(args);
    }

    private static boolean isTopLevelOption(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V");
    }

    @Override
    public Integer call() {
        return new Serve().call();
    }

    /** Runs the server: REST API, console, tracker gateway and supervision engine. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Start the Alterna server (the default command).",
                    "Any --spring.property=value option is passed to Spring Boot."})
    public static class Serve implements Callable<Integer> {
        /** Set once the server started, so that main() does not exit the JVM under it. */
        static volatile boolean running;

        @Option(names = "--demo", description = "Demo mode: embedded H2 under ./data, demo accounts (password 'demo'), "
                + "synthetic data and a simulated fleet.")
        boolean demo;

        @Option(names = "--port", description = "HTTP port of the API and console (default 8080).")
        Integer port;

        @Option(names = "--fleet", description = "Simulated devices started in demo mode (default 200).")
        Integer fleet;

        @Option(names = "--no-fleet", description = "Demo mode without the simulated fleet.")
        boolean noFleet;

        @Unmatched
        List<String> springArgs = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(springArgs);
            if (demo) {
                args.add("--spring.profiles.include=demo");
            }
            if (port != null) {
                args.add("--server.port=" + port);
            }
            if (fleet != null) {
                args.add("--alterna.demo.fleet.devices=" + fleet);
            }
            if (noFleet) {
                args.add("--alterna.demo.fleet.enabled=false");
            }
            AlternaApplication.start(args.toArray(String[]::new));
            running = true;
            return 0; // the web server keeps the JVM alive
        }
    }
}
