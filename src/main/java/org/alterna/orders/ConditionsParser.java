package org.alterna.orders;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.alterna.common.InvalidInputException;
import org.alterna.orders.Conditions.Route;
import org.alterna.orders.Conditions.Window;
import org.alterna.orders.Conditions.Zone;
import org.alterna.orders.Conditions.ZoneType;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the JSON form of {@link Conditions}:
 * <pre>
 * { "zones": [ { "id": "home", "type": "INCLUSION",
 *                "geometry": { "type": "Point", "coordinates": [-77.0301, -12.1211] }, "radiusMeters": 120,
 *                "schedule": [ { "days": ["MON","TUE"], "from": "20:00", "to": "06:00" } ] } ],
 *   "routes": [ { "id": "work", "geometry": { "type": "LineString", "coordinates": [[..],[..]] },
 *                 "corridorMeters": 100, "window": { "days": ["MON"], "from": "07:00", "to": "09:00" } } ],
 *   "victimProximityMeters": 500, "victimPreAlertMeters": 1000,
 *   "chargingWindow": { "from": "22:00", "to": "23:30" },
 *   "noCommunicationMinutes": 30, "noFixMinutes": 60, "lowBatteryPercent": 15,
 *   "graceMinutes": { "INCLUSION_ZONE": 5 } }
 * </pre>
 * Unknown keys are ignored (as in replay scenarios). Every error is an {@link InvalidInputException} naming the
 * path, e.g. {@code conditions.zones[2].geometry: polygon is self-intersecting}. Entered conditions are also held to
 * {@link ConditionsLimits} (zones and routes per order, positions per zone or route), counted before any geometry
 * is built.
 */
public final class ConditionsParser {
    /** Largest radius of a Point zone, metres. */
    public static final double MAX_RADIUS_METERS = 50_000;
    /** Largest corridor either side of a route, metres. */
    public static final double MAX_CORRIDOR_METERS = 5_000;
    /** Largest victim distance, metres. */
    public static final int MAX_VICTIM_METERS = 50_000;
    /** Largest silence / no-fix limit: one week. */
    public static final int MAX_MINUTES = 7 * 24 * 60;

    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;
    private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);
    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private ConditionsParser() {
    }

    public static Conditions parse(String json, String root) {
        return parse(json, root, ConditionsLimits.NONE);
    }

    public static Conditions parse(String json, String root, ConditionsLimits limits) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException(root, "required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInputException(root, "malformed JSON: " + e.getOriginalMessage());
        }
        return parse(node, root, limits);
    }

    public static Conditions parse(JsonNode node, String root) {
        return parse(node, root, ConditionsLimits.NONE);
    }

    public static Conditions parse(JsonNode node, String root, ConditionsLimits limits) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new InvalidInputException(root, "required");
        }
        if (!node.isObject()) {
            throw new InvalidInputException(root, "must be an object");
        }
        Set<String> ids = new HashSet<>();
        List<Zone> zones = new ArrayList<>();
        JsonNode zonesNode = node.get("zones");
        if (present(zonesNode)) {
            String path = at(root, "zones");
            array(zonesNode, path);
            if (zonesNode.size() > limits.maxZones()) {
                throw new InvalidInputException(path, "at most " + limits.maxZones() + " zones per order (got "
                        + zonesNode.size() + ")");
            }
            for (int i = 0; i < zonesNode.size(); i++) {
                zones.add(zone(zonesNode.get(i), path + "[" + i + "]", ids, limits));
            }
        }
        List<Route> routes = new ArrayList<>();
        JsonNode routesNode = node.get("routes");
        if (present(routesNode)) {
            String path = at(root, "routes");
            array(routesNode, path);
            if (routesNode.size() > limits.maxRoutes()) {
                throw new InvalidInputException(path, "at most " + limits.maxRoutes() + " routes per order (got "
                        + routesNode.size() + ")");
            }
            for (int i = 0; i < routesNode.size(); i++) {
                routes.add(route(routesNode.get(i), path + "[" + i + "]", ids, limits));
            }
        }
        Integer victim = integer(node, root, "victimProximityMeters", 1, MAX_VICTIM_METERS);
        Integer preAlert = integer(node, root, "victimPreAlertMeters", 1, MAX_VICTIM_METERS);
        if (preAlert != null) {
            if (victim == null) {
                throw new InvalidInputException(at(root, "victimPreAlertMeters"), "needs victimProximityMeters");
            }
            if (preAlert <= victim) {
                throw new InvalidInputException(at(root, "victimPreAlertMeters"),
                        "must be greater than victimProximityMeters (" + victim + ")");
            }
        }
        Window charging = null;
        JsonNode chargingNode = node.get("chargingWindow");
        if (present(chargingNode)) {
            charging = window(chargingNode, at(root, "chargingWindow"), false);
        }
        Integer noComm = integer(node, root, "noCommunicationMinutes", 1, MAX_MINUTES);
        Integer noFix = integer(node, root, "noFixMinutes", 1, MAX_MINUTES);
        Integer battery = integer(node, root, "lowBatteryPercent", 1, 99);
        Map<String, Integer> grace = new LinkedHashMap<>();
        JsonNode graceNode = node.get("graceMinutes");
        if (present(graceNode)) {
            String path = at(root, "graceMinutes");
            if (!graceNode.isObject()) {
                throw new InvalidInputException(path, "must be an object of rule name to minutes");
            }
            for (Map.Entry<String, JsonNode> e : graceNode.properties()) {
                if (!Conditions.RULES.contains(e.getKey())) {
                    throw new InvalidInputException(path + "." + e.getKey(),
                            "unknown rule (use " + String.join(", ", Conditions.RULES) + ")");
                }
                grace.put(e.getKey(), integer(graceNode, path, e.getKey(), 0, 24 * 60));
            }
        }
        return new Conditions(zones, routes, victim, preAlert, charging, noComm, noFix, battery, grace);
    }

    private static Zone zone(JsonNode node, String path, Set<String> ids, ConditionsLimits limits) {
        object(node, path);
        String id = id(node, path, ids);
        checkVertices(node.get("geometry"), path + ".geometry.coordinates", limits, "zone");
        String typeText = string(node, path, "type", true);
        ZoneType type;
        try {
            type = ZoneType.valueOf(typeText);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(path + ".type", "must be INCLUSION or EXCLUSION (got \"" + typeText + "\")");
        }
        Geometry geometry = geometry(node.get("geometry"), path + ".geometry", List.of("Polygon", "MultiPolygon", "Point"));
        Double radius = number(node, path, "radiusMeters");
        if (geometry instanceof Point) {
            if (radius == null) {
                throw new InvalidInputException(path + ".radiusMeters", "required for a Point zone");
            }
            if (radius <= 0) {
                throw new InvalidInputException(path + ".radiusMeters", "must be greater than 0");
            }
            if (radius > MAX_RADIUS_METERS) {
                throw new InvalidInputException(path + ".radiusMeters",
                        "must be at most " + (int) MAX_RADIUS_METERS + " metres");
            }
        } else if (radius != null) {
            throw new InvalidInputException(path + ".radiusMeters", "only a Point zone has a radius");
        }
        List<Window> schedule = new ArrayList<>();
        JsonNode scheduleNode = node.get("schedule");
        if (present(scheduleNode)) {
            array(scheduleNode, path + ".schedule");
            for (int i = 0; i < scheduleNode.size(); i++) {
                schedule.add(window(scheduleNode.get(i), path + ".schedule[" + i + "]", true));
            }
        }
        return new Zone(id, type, geometry, radius, schedule);
    }

    private static Route route(JsonNode node, String path, Set<String> ids, ConditionsLimits limits) {
        object(node, path);
        String id = id(node, path, ids);
        checkVertices(node.get("geometry"), path + ".geometry.coordinates", limits, "route");
        Geometry geometry = geometry(node.get("geometry"), path + ".geometry", List.of("LineString"));
        Double corridor = number(node, path, "corridorMeters");
        if (corridor == null) {
            throw new InvalidInputException(path + ".corridorMeters", "required");
        }
        if (corridor <= 0) {
            throw new InvalidInputException(path + ".corridorMeters", "must be greater than 0");
        }
        if (corridor > MAX_CORRIDOR_METERS) {
            throw new InvalidInputException(path + ".corridorMeters",
                    "must be at most " + (int) MAX_CORRIDOR_METERS + " metres");
        }
        Window window = null;
        JsonNode windowNode = node.get("window");
        if (present(windowNode)) {
            window = window(windowNode, path + ".window", true);
        }
        return new Route(id, geometry, corridor, window);
    }

    /** Counts the positions of a GeoJSON geometry before it is read, so a huge one costs nothing to refuse. */
    private static void checkVertices(JsonNode geometry, String path, ConditionsLimits limits, String what) {
        if (limits.maxVertices() == Integer.MAX_VALUE || geometry == null || !geometry.isObject()) {
            return;
        }
        long n = positionsIn(geometry.get("coordinates"), 0);
        if (n > limits.maxVertices()) {
            throw new InvalidInputException(path, "at most " + limits.maxVertices() + " positions per " + what
                    + " (got " + n + ")");
        }
    }

    /** Positions ([lon, lat] arrays of numbers) in nested arrays, at most four deep as in a MultiPolygon. */
    private static long positionsIn(JsonNode node, int depth) {
        if (node == null || !node.isArray() || depth > 3) {
            return 0;
        }
        if (!node.isEmpty() && node.get(0).isNumber()) {
            return 1;
        }
        long n = 0;
        for (JsonNode child : node) {
            n += positionsIn(child, depth + 1);
        }
        return n;
    }

    private static String id(JsonNode node, String path, Set<String> ids) {
        String id = string(node, path, "id", true);
        if (id.isBlank()) {
            throw new InvalidInputException(path + ".id", "must not be blank");
        }
        if (id.length() > 64) {
            throw new InvalidInputException(path + ".id", "must be at most 64 characters");
        }
        if (!ids.add(id)) {
            throw new InvalidInputException(path + ".id", "duplicate id \"" + id + "\" (zone and route ids must be unique)");
        }
        return id;
    }

    /**
     * How a window is read: as an order's condition, strictly; or as in a replay scenario (SCENARIOS.md), which also
     * takes a window without days (every day), "24:00" and {@code to} equal to {@code from} (the whole day).
     */
    public enum WindowForm { CONDITION, SCENARIO }

    private static Window window(JsonNode node, String path, boolean withDays) {
        return window(node, path, withDays, WindowForm.CONDITION);
    }

    /**
     * A window {@code {"days": ["MON", ...], "from": "HH:mm", "to": "HH:mm"}} ({@code days} only when
     * {@code withDays}); {@code to} earlier than {@code from} wraps past midnight.
     */
    public static Window window(JsonNode node, String path, boolean withDays, WindowForm form) {
        object(node, path);
        boolean scenario = form == WindowForm.SCENARIO;
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode daysNode = node.get("days");
        if (withDays && (present(daysNode) || !scenario)) {
            if (!present(daysNode)) {
                throw new InvalidInputException(path + ".days", "required (e.g. [\"MON\",\"TUE\"])");
            }
            array(daysNode, path + ".days");
            if (daysNode.isEmpty() && !scenario) {
                throw new InvalidInputException(path + ".days", "must not be empty");
            }
            for (int i = 0; i < daysNode.size(); i++) {
                JsonNode d = daysNode.get(i);
                String name = d.isString() ? d.stringValue().toUpperCase() : d.toString();
                int index = DAY_NAMES.indexOf(name.length() > 3 && d.isString() && isFullDayName(name)
                        ? name.substring(0, 3) : name);
                if (index < 0) {
                    throw new InvalidInputException(path + ".days[" + i + "]",
                            "unknown day " + d + " (use " + String.join(", ", DAY_NAMES) + ")");
                }
                days.add(DayOfWeek.of(index + 1));
            }
        }
        LocalTime from = time(node, path, "from", scenario);
        LocalTime to = time(node, path, "to", scenario);
        if (from.equals(to) && !scenario) {
            throw new InvalidInputException(path, "schedule is empty: it ends when it starts (" + from
                    + "); a window past midnight needs \"to\" earlier than \"from\", and no window at all means always");
        }
        return new Window(days, from, to);
    }

    private static boolean isFullDayName(String name) {
        try {
            DayOfWeek.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LocalTime time(JsonNode node, String path, String name, boolean midnightAs2400) {
        String text = string(node, path, name, true);
        if (midnightAs2400 && text.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        if (!HH_MM.matcher(text).matches()) {
            throw new InvalidInputException(path + "." + name, "must be a local time HH:mm (got \"" + text + "\")");
        }
        return LocalTime.parse(text);
    }

    // ---- GeoJSON (RFC 7946: positions are [longitude, latitude]) ----

    /**
     * A GeoJSON geometry (RFC 7946) of one of the {@code allowed} types, in WGS 84; polygons must be valid (closed
     * rings, no self-intersection). Errors name the path, e.g. {@code zones[2].geometry.coordinates[0]}.
     */
    public static Geometry geometry(JsonNode node, String path, List<String> allowed) {
        if (!present(node)) {
            throw new InvalidInputException(path, "required");
        }
        object(node, path);
        String type = string(node, path, "type", true);
        if (!allowed.contains(type)) {
            throw new InvalidInputException(path + ".type",
                    "must be " + String.join(" or ", allowed) + " (got \"" + type + "\")");
        }
        JsonNode coords = node.get("coordinates");
        String cpath = path + ".coordinates";
        if (!present(coords)) {
            throw new InvalidInputException(cpath, "required");
        }
        Geometry geometry = switch (type) {
            case "Point" -> GEOMETRY.createPoint(position(coords, cpath));
            case "LineString" -> lineString(coords, cpath);
            case "Polygon" -> polygon(coords, cpath);
            case "MultiPolygon" -> {
                array(coords, cpath);
                if (coords.isEmpty()) {
                    throw new InvalidInputException(cpath, "a MultiPolygon needs at least one polygon");
                }
                Polygon[] polygons = new Polygon[coords.size()];
                for (int i = 0; i < coords.size(); i++) {
                    polygons[i] = polygon(coords.get(i), cpath + "[" + i + "]");
                }
                yield GEOMETRY.createMultiPolygon(polygons);
            }
            default -> throw new IllegalStateException(type);
        };
        if (geometry instanceof Polygon || geometry instanceof MultiPolygon) {
            TopologyValidationError error = new IsValidOp(geometry).getValidationError();
            if (error != null) {
                throw new InvalidInputException(path, describe(error, geometry instanceof MultiPolygon));
            }
        }
        return geometry;
    }

    private static String describe(TopologyValidationError error, boolean multi) {
        String what = multi ? "multipolygon" : "polygon";
        return switch (error.getErrorType()) {
            case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION ->
                    what + " is self-intersecting";
            case TopologyValidationError.HOLE_OUTSIDE_SHELL -> what + " has a hole outside its outer ring";
            case TopologyValidationError.NESTED_HOLES -> what + " has nested holes";
            case TopologyValidationError.NESTED_SHELLS -> what + " has overlapping polygons";
            case TopologyValidationError.DISCONNECTED_INTERIOR -> what + " has a disconnected interior";
            case TopologyValidationError.TOO_FEW_POINTS -> what + " has a ring with too few distinct positions";
            default -> what + " is invalid: " + error.getMessage().toLowerCase();
        } + locate(error.getCoordinate());
    }

    private static String locate(Coordinate c) {
        return c == null ? "" : " near [" + c.x + ", " + c.y + "]";
    }

    private static Polygon polygon(JsonNode node, String path) {
        array(node, path);
        if (node.isEmpty()) {
            throw new InvalidInputException(path, "a Polygon needs an outer ring");
        }
        LinearRing shell = ring(node.get(0), path + "[0]");
        LinearRing[] holes = new LinearRing[node.size() - 1];
        for (int i = 1; i < node.size(); i++) {
            holes[i - 1] = ring(node.get(i), path + "[" + i + "]");
        }
        return GEOMETRY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode node, String path) {
        Coordinate[] positions = positions(node, path);
        if (positions.length < 4) {
            throw new InvalidInputException(path, "a ring needs at least 4 positions (got " + positions.length + ")");
        }
        if (!positions[0].equals2D(positions[positions.length - 1])) {
            throw new InvalidInputException(path, "ring is not closed: the first and last positions differ");
        }
        return GEOMETRY.createLinearRing(positions);
    }

    private static LineString lineString(JsonNode node, String path) {
        Coordinate[] positions = positions(node, path);
        if (positions.length < 2) {
            throw new InvalidInputException(path, "a LineString needs at least 2 positions (got " + positions.length + ")");
        }
        return GEOMETRY.createLineString(positions);
    }

    private static Coordinate[] positions(JsonNode node, String path) {
        array(node, path);
        Coordinate[] out = new Coordinate[node.size()];
        for (int i = 0; i < node.size(); i++) {
            out[i] = position(node.get(i), path + "[" + i + "]");
        }
        return out;
    }

    private static Coordinate position(JsonNode node, String path) {
        if (!node.isArray() || node.size() < 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
            throw new InvalidInputException(path, "a position is [longitude, latitude] (got " + node + ")");
        }
        double lon = node.get(0).doubleValue();
        double lat = node.get(1).doubleValue();
        if (lon < -180 || lon > 180) {
            throw new InvalidInputException(path, "longitude " + lon + " is out of range [-180, 180]");
        }
        if (lat < -90 || lat > 90) {
            throw new InvalidInputException(path, "latitude " + lat + " is out of range [-90, 90]");
        }
        return new Coordinate(lon, lat);
    }

    // ---- small readers ----

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static void object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(path, "must be an object");
        }
    }

    private static void array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new InvalidInputException(path, "must be an array");
        }
    }

    private static String string(JsonNode node, String path, String name, boolean required) {
        JsonNode v = node.get(name);
        if (!present(v)) {
            if (required) {
                throw new InvalidInputException(path + "." + name, "required");
            }
            return null;
        }
        if (!v.isString()) {
            throw new InvalidInputException(path + "." + name, "must be a string");
        }
        return v.stringValue();
    }

    private static Double number(JsonNode node, String path, String name) {
        JsonNode v = node.get(name);
        if (!present(v)) {
            return null;
        }
        if (!v.isNumber()) {
            throw new InvalidInputException(path + "." + name, "must be a number");
        }
        return v.doubleValue();
    }

    private static Integer integer(JsonNode node, String root, String name, int min, int max) {
        JsonNode v = node.get(name);
        String path = at(root, name);
        if (!present(v)) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidInputException(path, "must be a whole number");
        }
        int value = v.intValue();
        if (value < min || value > max) {
            throw new InvalidInputException(path, "must be between " + min + " and " + max + " (got " + value + ")");
        }
        return value;
    }

    private static String at(String root, String name) {
        return root == null || root.isEmpty() ? name : root + "." + name;
    }

    // ---- writing ----

    static String write(Conditions c) {
        return JSON.writeValueAsString(writeTree(c));
    }

    static ObjectNode writeTree(Conditions c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode zones = root.putArray("zones");
        for (Zone z : c.zones()) {
            ObjectNode zn = zones.addObject();
            zn.put("id", z.id());
            zn.put("type", z.type().name());
            zn.set("geometry", geoJson(z.geometry()));
            if (z.radiusMeters() != null) {
                zn.put("radiusMeters", z.radiusMeters());
            }
            if (!z.schedule().isEmpty()) {
                ArrayNode s = zn.putArray("schedule");
                z.schedule().forEach(w -> s.add(window(w, true)));
            }
        }
        ArrayNode routes = root.putArray("routes");
        for (Route r : c.routes()) {
            ObjectNode rn = routes.addObject();
            rn.put("id", r.id());
            rn.set("geometry", geoJson(r.geometry()));
            rn.put("corridorMeters", r.corridorMeters());
            if (r.window() != null) {
                rn.set("window", window(r.window(), true));
            }
        }
        putIfSet(root, "victimProximityMeters", c.victimProximityMeters());
        putIfSet(root, "victimPreAlertMeters", c.victimPreAlertMeters());
        if (c.chargingWindow() != null) {
            root.set("chargingWindow", window(c.chargingWindow(), false));
        }
        putIfSet(root, "noCommunicationMinutes", c.noCommunicationMinutes());
        putIfSet(root, "noFixMinutes", c.noFixMinutes());
        putIfSet(root, "lowBatteryPercent", c.lowBatteryPercent());
        if (!c.graceMinutes().isEmpty()) {
            ObjectNode g = root.putObject("graceMinutes");
            Conditions.RULES.stream().filter(c.graceMinutes()::containsKey)
                    .forEach(rule -> g.put(rule, c.graceMinutes().get(rule)));
        }
        return root;
    }

    private static void putIfSet(ObjectNode node, String name, Integer value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static ObjectNode window(Window w, boolean withDays) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (withDays) {
            ArrayNode days = n.putArray("days");
            w.days().stream().sorted().forEach(d -> days.add(DAY_NAMES.get(d.getValue() - 1)));
        }
        n.put("from", w.from().toString());
        n.put("to", w.to().toString());
        return n;
    }

    static ObjectNode geoJson(Geometry g) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", g.getGeometryType());
        if (g instanceof Point p) {
            n.set("coordinates", pos(p.getCoordinate()));
        } else if (g instanceof LineString l) {
            n.set("coordinates", positions(l.getCoordinates()));
        } else if (g instanceof Polygon p) {
            n.set("coordinates", rings(p));
        } else if (g instanceof MultiPolygon m) {
            ArrayNode polys = n.putArray("coordinates");
            for (int i = 0; i < m.getNumGeometries(); i++) {
                polys.add(rings((Polygon) m.getGeometryN(i)));
            }
        }
        return n;
    }

    private static ArrayNode rings(Polygon p) {
        ArrayNode rings = JsonNodeFactory.instance.arrayNode();
        rings.add(positions(p.getExteriorRing().getCoordinates()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(positions(p.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static ArrayNode positions(Coordinate[] cs) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Coordinate c : cs) {
            a.add(pos(c));
        }
        return a;
    }

    private static ArrayNode pos(Coordinate c) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        a.add(c.x);
        a.add(c.y);
        return a;
    }
}
