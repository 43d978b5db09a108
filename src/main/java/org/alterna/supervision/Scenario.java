package org.alterna.supervision;

import java.util.List;
import org.alterna.telemetry.Fix;

/** A replay input: a plan and the fixes of the person's unit (arrival order) and of the victim's unit. */
public record Scenario(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes) {
}
