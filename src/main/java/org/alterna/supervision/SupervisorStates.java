package org.alterna.supervision;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.orders.Conditions;

/**
 * The engine for nodes that keep each device's state outside the process (a Kafka partition's state store): plans
 * built from an order's versions of conditions, and a device's supervisor saved to bytes and read back identical.
 *
 * <p>A saved supervisor names the plans its states were judged under by their place in a <em>catalogue</em>: every
 * plan the device was ever given, in the order it was given them (a catalogue only grows, so a saved name never
 * changes meaning). The live engine's checkpoints name plans by order version instead ({@link LiveSupervision}).
 */
public final class SupervisorStates {
    private static final SupervisionEngine ENGINE = new SupervisionEngine();

    private SupervisorStates() {
    }

    /** One version of an order's conditions, in force from {@code from}, with the authorised absences then known. */
    public record PlanVersion(Instant from, Conditions conditions, List<Suspension> absences) {
        public PlanVersion {
            absences = absences == null ? List.of() : List.copyOf(absences);
        }
    }

    /** The order's plans over time (versions in any order; none gives an empty plan). */
    public static PlanTimeline timeline(List<PlanVersion> versions, ZoneId zone) {
        PlanTimeline t = null;
        for (PlanVersion v : versions.stream().sorted(java.util.Comparator.comparing(PlanVersion::from)).toList()) {
            SupervisionPlan plan = PlanMapper.plan(v.conditions(), zone, v.absences());
            t = t == null ? PlanTimeline.of(plan) : t.with(v.from(), plan);
        }
        return t != null ? t : PlanTimeline.of(SupervisionPlan.builder().timezone(zone).build());
    }

    /** Every plan of the timeline, earliest first (what a catalogue grows by when a device gets the timeline). */
    public static List<SupervisionPlan> plans(PlanTimeline timeline) {
        return timeline.plans();
    }

    /** A fresh supervisor (10-minute reorder window) for a device under {@code timeline}. */
    public static DeviceSupervisor supervisor(PlanTimeline timeline) {
        return new DeviceSupervisor(ENGINE, timeline);
    }

    /**
     * Everything {@code supervisor} remembers, its plans named by their place in {@code catalogue} (a plan not in it
     * is written as none: the engine lays out its tracks again from the next fix).
     */
    public static byte[] save(DeviceSupervisor supervisor, List<SupervisionPlan> catalogue) {
        Map<SupervisionPlan, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < catalogue.size(); i++) {
            index.put(catalogue.get(i), i);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            supervisor.write(out, p -> p == null ? -1 : index.getOrDefault(p, -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The supervisor {@link #save} wrote, now under {@code timeline}; {@code catalogue} resolves the saved plan names. */
    public static DeviceSupervisor load(byte[] saved, PlanTimeline timeline, List<SupervisionPlan> catalogue) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            return DeviceSupervisor.read(in, ENGINE, timeline,
                    i -> i >= 0 && i < catalogue.size() ? catalogue.get(i) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
