/**
 * The simulation and measurement tools, kept out of the server (compiled apart from it, in {@code src/sim/java}, into
 * the same jar): simulated fleets of tags and demo mode ({@code fleet}), labelled tracks of people around Lima and the
 * tags' GPS error model ({@code tracks}), the scenario format, its replay through the engine and the scorer of alarm
 * quality ({@code replay}). They use the server only through its public API; no server capability depends on them:
 * the command line finds their commands through {@link org.alterna.Alterna.Subcommands}, and demo mode is a component
 * that exists only with {@code alterna.demo.enabled=true}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
    "common", "gateway", "gateway :: protocol", "identity", "orders", "supervision", "telemetry"})
package org.alterna.simulation;
