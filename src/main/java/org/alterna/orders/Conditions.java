package org.alterna.orders;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;

/**
 * The conditions a judge fixed for an order (one version of them): zones, authorised routes, victim distance and
 * technical rules. The JSON form is a superset of the {@code supervision} object of replay scenarios (see
 * {@link ConditionsParser}), so the supervision engine reads both with the same parser. Absent rule: the rule is off.
 *
 * @param zones                  inclusion/exclusion zones
 * @param routes                 authorised routes (itinerarios) with a corridor
 * @param victimProximityMeters  minimum distance to the victim (protection orders), or null
 * @param victimPreAlertMeters   distance at which an early warning is raised (greater than the minimum), or null
 * @param chargingWindow         daily window in which the device must be charging, or null
 * @param noCommunicationMinutes silence longer than this raises an alarm, or null
 * @param noFixMinutes           no valid position for longer than this raises an alarm, or null
 * @param lowBatteryPercent      battery at or below this raises an alarm, or null
 * @param graceMinutes           grace period per rule ({@link #RULES}); a rule without an entry uses the engine default
 */
public record Conditions(List<Zone> zones, List<Route> routes, Integer victimProximityMeters,
        Integer victimPreAlertMeters, Window chargingWindow, Integer noCommunicationMinutes, Integer noFixMinutes,
        Integer lowBatteryPercent, Map<String, Integer> graceMinutes) {

    /** Rule names accepted as keys of {@code graceMinutes} (the alarm types of the supervision engine). */
    public static final List<String> RULES = List.of("INCLUSION_ZONE", "EXCLUSION_ZONE", "VICTIM_PROXIMITY", "ROUTE",
            "STRAP_TAMPER", "LOW_BATTERY", "NO_COMMUNICATION", "NO_FIX", "NOT_CHARGING");

    public Conditions {
        zones = zones == null ? List.of() : List.copyOf(zones);
        routes = routes == null ? List.of() : List.copyOf(routes);
        graceMinutes = graceMinutes == null ? Map.of() : Map.copyOf(graceMinutes);
    }

    /** No rule at all. */
    public static Conditions none() {
        return new Conditions(List.of(), List.of(), null, null, null, null, null, null, Map.of());
    }

    /** Parses and validates JSON text; errors name the path under {@code root}, e.g. {@code conditions.zones[2].geometry}. */
    public static Conditions parse(String json, String root) {
        return ConditionsParser.parse(json, root);
    }

    /** Parses and validates a JSON tree. */
    public static Conditions parse(JsonNode node, String root) {
        return ConditionsParser.parse(node, root);
    }

    /** Parses and validates entered conditions, also against the size limits of an order. */
    public static Conditions parse(JsonNode node, String root, ConditionsLimits limits) {
        return ConditionsParser.parse(node, root, limits);
    }

    /** The canonical JSON form (what is stored and returned by the API). */
    public String toJson() {
        return ConditionsParser.write(this);
    }

    /** The canonical JSON tree. */
    public JsonNode toJsonNode() {
        return ConditionsParser.writeTree(this);
    }

    public enum ZoneType {
        /** The person must be inside while the schedule is active (no schedule: always). */
        INCLUSION,
        /** The person must be outside while the schedule is active (no schedule: always). */
        EXCLUSION
    }

    /**
     * A zone. {@code geometry} is in lon/lat (x = longitude, y = latitude, WGS 84): a Polygon or MultiPolygon, or a
     * Point with {@code radiusMeters}.
     */
    public record Zone(String id, ZoneType type, Geometry geometry, Double radiusMeters, List<Window> schedule) {
        public Zone {
            schedule = schedule == null ? List.of() : List.copyOf(schedule);
        }

        /** Whether the zone applies at this local date-time (no schedule: always). */
        public boolean activeAt(LocalDateTime local) {
            return schedule.isEmpty() || schedule.stream().anyMatch(w -> w.contains(local));
        }
    }

    /** An authorised route: a LineString (lon/lat) with a corridor either side, usable during {@code window} (null: always). */
    public record Route(String id, Geometry geometry, double corridorMeters, Window window) {
        public boolean activeAt(LocalDateTime local) {
            return window == null || window.contains(local);
        }
    }

    /**
     * A weekly time window in local time. {@code to} earlier than {@code from} wraps past midnight; the entry belongs
     * to the day on which it starts (a FRI 20:00–06:00 entry covers Friday night until Saturday 06:00). {@code days}
     * empty means every day (used by the daily charging window).
     */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Window {
            days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : Set.copyOf(days);
        }

        public boolean wrapsMidnight() {
            return to.isBefore(from);
        }

        public boolean contains(LocalDateTime local) {
            LocalTime t = local.toLocalTime();
            if (!wrapsMidnight()) {
                return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
            }
            if (!t.isBefore(from)) {
                return days.contains(local.getDayOfWeek());
            }
            return t.isBefore(to) && days.contains(local.getDayOfWeek().minus(1));
        }
    }
}
