package org.alterna.simulation.replay;

import java.time.Instant;
import java.util.List;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.HomePresence;
import org.alterna.supervision.PlanTimeline;
import org.alterna.supervision.ReplayAlarm;
import org.alterna.supervision.ReplayRunner;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.telemetry.Fix;

/**
 * A replay input: a plan, the later variations of the conditions (each in force from its instant, as a judge's
 * resolution varies them), and the fixes of the person's unit (arrival order) and of the victim's unit; optionally the
 * home's radio evidence of presence ({@code supervision.homePresence}) and the reports of an RF home unit
 * ({@code homeUnitFixes}).
 */
public record Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
        HomePresence homePresence, List<Fix> homeUnitFixes, List<Variation> variations) {

    /** Conditions in force from {@code from} on. */
    public record Variation(Instant from, SupervisionPlan plan) {
    }

    public Scenario {
        homeUnitFixes = homeUnitFixes == null ? List.of() : homeUnitFixes;
        variations = variations == null ? List.of() : List.copyOf(variations);
    }

    /** Without variations. */
    public Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
            HomePresence homePresence, List<Fix> homeUnitFixes) {
        this(name, plan, fixes, victimFixes, homePresence, homeUnitFixes, List.of());
    }

    /** Without home presence or variations. */
    public Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes) {
        this(name, plan, fixes, victimFixes, null, List.of(), List.of());
    }

    /**
     * The plan in force at each moment: {@code plan}, then each variation from its instant; the home's presence
     * evidence (a property of the home, not of a conditions version) applies to all of them.
     */
    public PlanTimeline timeline() {
        PlanTimeline t = PlanTimeline.of(withHome(plan));
        for (Variation v : variations) {
            t = t.with(v.from(), withHome(v.plan()));
        }
        return t;
    }

    private SupervisionPlan withHome(SupervisionPlan p) {
        return homePresence == null ? p : p.toBuilder().homePresence(homePresence).build();
    }

    /** The final alarms the engine raises on this scenario, in the order they were raised. */
    public List<ReplayAlarm> replay() {
        return replay(null);
    }

    /**
     * Runs the engine with the conditions in force at each fix's time (its variations), its home presence and home
     * unit reports; events (every alarm change) may be null.
     */
    public List<ReplayAlarm> replay(List<AlarmEvent> events) {
        return new ReplayRunner().run(timeline(), fixes, victimFixes, homeUnitFixes, events);
    }

    /** The same positions under other conditions, in force throughout (a what-if). */
    public Scenario withConditions(SupervisionPlan other) {
        return new Scenario(name, other, fixes, victimFixes, homePresence, homeUnitFixes, List.of());
    }
}
