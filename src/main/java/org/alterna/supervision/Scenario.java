package org.alterna.supervision;

import java.time.Instant;
import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * A replay input: a plan, the later variations of the conditions (each in force from its instant, as a judge's
 * resolution varies them), and the fixes of the person's unit (arrival order) and of the victim's unit.
 */
public record Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
        List<Variation> variations) {

    /** Conditions in force from {@code from} on. */
    public record Variation(Instant from, SupervisionPlan plan) {
    }

    public Scenario {
        variations = variations == null ? List.of() : List.copyOf(variations);
    }

    public Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes) {
        this(name, plan, fixes, victimFixes, List.of());
    }

    /** The plan in force at each moment: {@code plan}, then each variation from its instant. */
    public PlanTimeline timeline() {
        PlanTimeline t = PlanTimeline.of(plan);
        for (Variation v : variations) {
            t = t.with(v.from(), v.plan());
        }
        return t;
    }

    /** The same positions under other conditions, in force throughout (a what-if). */
    public Scenario withConditions(SupervisionPlan other) {
        return new Scenario(name, other, fixes, victimFixes, List.of());
    }
}
