package org.alterna.simulation.fleet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of demo mode ({@code alterna.demo.*}, on with {@code alterna.demo.enabled=true}).
 *
 * @param seed      whether the reference data, people, orders and devices of the demo are created through the API
 * @param user      the account demo mode uses on its own API
 * @param password  its password
 * @param incidents how many people breach their order in turn (the pace is {@code alterna.demo.incidents.every},
 *                  150 s by default: a key below this one, so it is read apart)
 * @param fleet     the simulated fleet on loopback
 */
@ConfigurationProperties("alterna.demo")
record DemoSettings(@DefaultValue("true") boolean seed, @DefaultValue("admin") String user,
        @DefaultValue("demo") String password, @DefaultValue("12") int incidents, @DefaultValue Fleet fleet) {

    /**
     * @param enabled    whether the fleet runs
     * @param devices    simulated tags
     * @param interval   time between two records of one tag
     * @param violations share of people who breach their order now and then
     * @param seed       seed of the synthetic people and their days
     * @param protocol   teltonika, gt06, h02, osmand, or mixed (cycled over the fleet)
     */
    record Fleet(@DefaultValue("true") boolean enabled, @DefaultValue("200") int devices,
            @DefaultValue("15s") Duration interval, @DefaultValue("0.3") double violations,
            @DefaultValue("2026") long seed, @DefaultValue("mixed") String protocol) {
    }
}
