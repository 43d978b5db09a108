package org.alterna.supervision;

import java.util.List;
import org.alterna.telemetry.Fix;

/**
 * A replay input: a plan and the fixes of the person's unit (arrival order) and of the victim's unit; optionally the
 * home's radio evidence of presence ({@code supervision.homePresence}) and the reports of an RF home unit
 * ({@code homeUnitFixes}).
 */
public record Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
        HomePresence homePresence, List<Fix> homeUnitFixes) {

    public Scenario {
        homeUnitFixes = homeUnitFixes == null ? List.of() : homeUnitFixes;
    }

    /** Without home presence. */
    public Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes) {
        this(name, plan, fixes, victimFixes, null, List.of());
    }
}
