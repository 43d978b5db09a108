package org.alterna.scaleout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.alterna.orders.ConditionsParser;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.PlanTimeline;
import org.alterna.supervision.Suspension;
import org.alterna.supervision.SupervisorStates;
import org.alterna.telemetry.Fix;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels on the topics, as JSON (readable with any Kafka tool): a record ({@link Fix}) keyed by device, a
 * device's plan ({@link DevicePlan}) keyed by device, an alarm change of the engine ({@link EngineAlarm}) keyed by
 * device.
 */
public final class Messages {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Messages() {
    }

    /**
     * Which order a device serves and the order's conditions over time: the engine supervises a device's records
     * only while it has a plan (a tombstone ends that).
     *
     * @param orderId    the judicial order
     * @param victimUnit the device is the victim's unit of the order (its fixes are not judged on their own)
     * @param timeZone   the order's time zone for schedules
     * @param versions   every version of the conditions (append-only), each with the authorised absences then known
     */
    public record DevicePlan(UUID orderId, boolean victimUnit, String timeZone, List<Version> versions) {
        public DevicePlan {
            versions = versions == null ? List.of() : List.copyOf(versions);
        }

        /** The conditions as the orders module stores them ({@code Conditions.toJson()}), in force from {@code from}. */
        public record Version(Instant from, String conditions, List<Absence> absences) {
            public Version {
                absences = absences == null ? List.of() : List.copyOf(absences);
            }
        }

        /** An authorised absence: alarms of {@code types} are not raised in [from, to). */
        public record Absence(Instant from, Instant to, Set<AlarmType> types) {
        }

        /** The plans over time this message describes. */
        public PlanTimeline timeline() {
            List<SupervisorStates.PlanVersion> vs = new ArrayList<>(versions.size());
            for (Version v : versions) {
                vs.add(new SupervisorStates.PlanVersion(v.from(), ConditionsParser.parse(v.conditions(), "conditions"),
                        v.absences().stream().map(a -> new Suspension(a.from(), a.to(), a.types())).toList()));
            }
            return SupervisorStates.timeline(vs, ZoneId.of(timeZone == null ? "America/Lima" : timeZone));
        }
    }

    /** An alarm change the engine made for an order, from a device's records. */
    public record EngineAlarm(UUID orderId, AlarmEvent event) {
    }

    public static byte[] fix(Fix f) {
        return JSON.writeValueAsBytes(f);
    }

    public static Fix fix(byte[] bytes) {
        return JSON.readValue(bytes, Fix.class);
    }

    public static byte[] plan(DevicePlan p) {
        return JSON.writeValueAsBytes(p);
    }

    public static DevicePlan plan(byte[] bytes) {
        return JSON.readValue(bytes, DevicePlan.class);
    }

    public static byte[] alarm(EngineAlarm a) {
        return JSON.writeValueAsBytes(a);
    }

    public static EngineAlarm alarm(byte[] bytes) {
        return JSON.readValue(bytes, EngineAlarm.class);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
