package org.alterna.supervision;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/** The plans of one order over time: a breach is judged against the conditions in force at the fix's time. */
public final class PlanTimeline {
    private final NavigableMap<Instant, SupervisionPlan> plans;

    private PlanTimeline(NavigableMap<Instant, SupervisionPlan> plans) {
        this.plans = plans;
    }

    /** One plan, in force forever. */
    public static PlanTimeline of(SupervisionPlan plan) {
        TreeMap<Instant, SupervisionPlan> m = new TreeMap<>();
        m.put(Instant.MIN, Objects.requireNonNull(plan));
        return new PlanTimeline(m);
    }

    /** A new timeline where {@code plan} is in force from {@code from} on. */
    public PlanTimeline with(Instant from, SupervisionPlan plan) {
        TreeMap<Instant, SupervisionPlan> m = new TreeMap<>(plans);
        m.put(from, Objects.requireNonNull(plan));
        return new PlanTimeline(m);
    }

    /** Every plan of the timeline, earliest first (a plan's place in this list names it in checkpoints). */
    java.util.List<SupervisionPlan> plans() {
        return java.util.List.copyOf(plans.values());
    }

    /** The plan in force at t (the first plan if t precedes all). */
    public SupervisionPlan planAt(Instant t) {
        Map.Entry<Instant, SupervisionPlan> e = plans.floorEntry(t);
        return e != null ? e.getValue() : plans.firstEntry().getValue();
    }
}
