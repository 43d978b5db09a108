package org.alterna.simulation;

import java.util.List;
import org.alterna.Alterna;
import org.alterna.simulation.fleet.SimulateCommand;
import org.alterna.simulation.fleet.SyntheticRegisterCommand;
import org.alterna.simulation.replay.ReplayCommand;

/** The tools' commands on the jar's command line: {@code replay}, {@code simulate}, {@code synthetic-register}. */
public final class SimulationCommands implements Alterna.Subcommands {

    @Override
    public List<Object> commands() {
        return List.of(new ReplayCommand(), new SimulateCommand(), new SyntheticRegisterCommand());
    }
}
