package org.alterna.simulation.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.alterna.common.InvalidInputException;
import org.alterna.orders.Conditions;
import org.alterna.orders.ConditionsParser;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.HomePresence;
import org.alterna.supervision.Route;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.supervision.Suspension;
import org.alterna.supervision.WeeklySchedule;
import org.alterna.supervision.Zone;
import org.alterna.supervision.ZoneType;
import org.alterna.telemetry.Fix;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses the replay format of SCENARIOS.md (and the {@code supervision} object alone, for plans). Geometry and
 * schedules are read by the orders' {@link ConditionsParser}, the one reader of GeoJSON and weekly windows.
 */
public final class ScenarioParser {
    private static final JsonMapper MAPPER = org.alterna.common.Json.MAPPER;
    private static final List<String> ZONE_GEOMETRIES = List.of("Polygon", "MultiPolygon", "Point");

    private ScenarioParser() {
    }

    public static Scenario parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (NoSuchFileException e) {
            throw new InvalidScenarioException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidScenarioException(file + ": " + e.getMessage());
        }
    }

    public static Scenario parse(InputStream in) {
        return parse(readTree(in));
    }

    static JsonNode readTree(InputStream in) {
        try {
            return MAPPER.readTree(in);
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidScenarioException("invalid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    public static Scenario parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidScenarioException("$: must be a JSON object");
        }
        String name = root.has("name") ? text(root.get("name"), "name") : "scenario";
        ZoneId tz = SupervisionPlan.LIMA;
        if (root.has("timezone")) {
            String z = text(root.get("timezone"), "timezone");
            try {
                tz = ZoneId.of(z);
            } catch (DateTimeException e) {
                throw new InvalidScenarioException("timezone: unknown time zone '" + z + "'");
            }
        }
        JsonNode sup = root.get("supervision");
        if (sup == null) {
            throw new InvalidScenarioException("supervision: required");
        }
        SupervisionPlan plan = parsePlan(sup, "supervision", tz);
        List<Fix> fixes = fixes(root.get("fixes"), "fixes", true);
        if (present(root, "events")) { // messages of the person's unit without a position, supervised like fixes
            JsonNode es = root.get("events");
            array(es, "events");
            List<Fix> all = new ArrayList<>(fixes);
            for (int i = 0; i < es.size(); i++) {
                all.add(event(es.get(i), "events[" + i + "]"));
            }
            fixes = all;
        }
        List<Fix> victim = root.has("victimFixes") ? fixes(root.get("victimFixes"), "victimFixes", false) : List.of();
        List<Scenario.Variation> variations = new ArrayList<>();
        if (present(root, "variations")) {
            JsonNode vs = root.get("variations");
            array(vs, "variations");
            Instant previous = null;
            for (int i = 0; i < vs.size(); i++) {
                String p = "variations[" + i + "]";
                JsonNode v = vs.get(i);
                if (!v.isObject()) {
                    throw new InvalidScenarioException(p + ": must be an object");
                }
                Instant from = instant(v.get("from"), p + ".from");
                if (previous != null && !from.isAfter(previous)) {
                    throw new InvalidScenarioException(p + ".from: must be after the previous variation's");
                }
                previous = from;
                JsonNode vsup = v.get("supervision");
                if (vsup == null) {
                    throw new InvalidScenarioException(p + ".supervision: required");
                }
                variations.add(new Scenario.Variation(from, parsePlan(vsup, p + ".supervision", tz)));
            }
        }
        HomePresence home = present(sup, "homePresence")
                ? homePresence(sup.get("homePresence"), "supervision.homePresence") : null;
        List<Fix> unit = root.has("homeUnitFixes") ? fixes(root.get("homeUnitFixes"), "homeUnitFixes", false)
                : List.of();
        return new Scenario(name, plan, fixes, victim, home, unit, variations);
    }

    /**
     * {@code {"kind": "BLE_BEACON"|"RF_HOME_UNIT", "beaconId": "...", "lat": .., "lon": .., "lostMinutes": 15,
     * "zone": "home"}}; {@code beaconId} is required for a beacon, {@code lostMinutes} defaults to
     * {@link HomePresence#DEFAULT_LOST_MINUTES} and {@code zone} to {@code home}.
     */
    static HomePresence homePresence(JsonNode n, String path) {
        if (!n.isObject()) {
            throw new InvalidScenarioException(path + ": must be an object");
        }
        HomePresence.Kind kind = enumValue(HomePresence.Kind.class, text(n.get("kind"), path + ".kind"), path + ".kind");
        String beacon = present(n, "beaconId") ? text(n.get("beaconId"), path + ".beaconId") : null;
        if (kind == HomePresence.Kind.BLE_BEACON && (beacon == null || beacon.isBlank())) {
            throw new InvalidScenarioException(path + ".beaconId: required for a BLE_BEACON");
        }
        double lat = number(n.get("lat"), path + ".lat");
        if (lat < -90 || lat > 90) {
            throw new InvalidScenarioException(path + ".lat: must be between -90 and 90");
        }
        double lon = number(n.get("lon"), path + ".lon");
        if (lon < -180 || lon > 180) {
            throw new InvalidScenarioException(path + ".lon: must be between -180 and 180");
        }
        Double lost = optPositive(n, "lostMinutes", path);
        String zone = present(n, "zone") ? text(n.get("zone"), path + ".zone") : "home";
        return new HomePresence(kind, beacon, lat, lon,
                lost == null ? HomePresence.DEFAULT_LOST_MINUTES : (int) Math.max(1, Math.round(lost)), zone);
    }

    /** Parses a {@code supervision} object. */
    public static SupervisionPlan parsePlan(JsonNode sup, String path, ZoneId tz) {
        if (!sup.isObject()) {
            throw new InvalidScenarioException(path + ": must be an object");
        }
        SupervisionPlan.Builder b = SupervisionPlan.builder().timezone(tz);
        JsonNode zones = sup.get("zones");
        Set<String> ids = new HashSet<>();
        if (zones != null) {
            array(zones, path + ".zones");
            for (int i = 0; i < zones.size(); i++) {
                Zone z = zone(zones.get(i), path + ".zones[" + i + "]");
                if (!ids.add(z.id())) {
                    throw new InvalidScenarioException(path + ".zones[" + i + "].id: duplicate id '" + z.id() + "'");
                }
                b.zone(z);
            }
        }
        JsonNode routes = sup.get("routes");
        if (routes != null) {
            array(routes, path + ".routes");
            for (int i = 0; i < routes.size(); i++) {
                b.route(route(routes.get(i), path + ".routes[" + i + "]"));
            }
        }
        b.victimProximityMeters(optPositive(sup, "victimProximityMeters", path));
        b.victimPreAlertMeters(optPositive(sup, "victimPreAlertMeters", path));
        b.lowBatteryPercent(optPercent(sup, "lowBatteryPercent", path));
        b.criticalBatteryPercent(optPercent(sup, "criticalBatteryPercent", path));
        Double nc = optPositive(sup, "noCommunicationMinutes", path);
        b.noCommunicationMinutes(nc == null ? null : (int) Math.round(nc));
        Double nf = optPositive(sup, "noFixMinutes", path);
        b.noFixMinutes(nf == null ? null : (int) Math.round(nf));
        if (sup.has("chargingWindow")) {
            b.chargingWindow(schedule(sup.get("chargingWindow"), path + ".chargingWindow"));
        }
        if (sup.has("gracePeriods")) {
            JsonNode g = sup.get("gracePeriods");
            if (!g.isObject()) {
                throw new InvalidScenarioException(path + ".gracePeriods: must be an object of TYPE: minutes");
            }
            for (var e : g.properties()) {
                String p = path + ".gracePeriods." + e.getKey();
                AlarmType t = enumValue(AlarmType.class, e.getKey(), p);
                double min = number(e.getValue(), p);
                if (min < 0) {
                    throw new InvalidScenarioException(p + ": must be >= 0");
                }
                b.grace(t, Duration.ofSeconds(Math.round(min * 60)));
            }
        }
        if (sup.has("suspensions")) {
            JsonNode ss = sup.get("suspensions");
            array(ss, path + ".suspensions");
            for (int i = 0; i < ss.size(); i++) {
                String p = path + ".suspensions[" + i + "]";
                JsonNode s = ss.get(i);
                Instant from = instant(s.get("from"), p + ".from");
                Instant to = instant(s.get("to"), p + ".to");
                if (!to.isAfter(from)) {
                    throw new InvalidScenarioException(p + ".to: must be after from");
                }
                Set<AlarmType> types = EnumSet.noneOf(AlarmType.class);
                if (s.has("types")) {
                    array(s.get("types"), p + ".types");
                    for (int j = 0; j < s.get("types").size(); j++) {
                        types.add(enumValue(AlarmType.class, text(s.get("types").get(j), p + ".types[" + j + "]"),
                                p + ".types[" + j + "]"));
                    }
                }
                b.suspension(new Suspension(from, to, types));
            }
        }
        return b.build();
    }

    private static Zone zone(JsonNode z, String path) {
        if (z == null || !z.isObject()) {
            throw new InvalidScenarioException(path + ": must be an object");
        }
        String id = text(z.get("id"), path + ".id");
        ZoneType type = enumValue(ZoneType.class, text(z.get("type"), path + ".type"), path + ".type");
        Geometry geometry = geometry(z.get("geometry"), path + ".geometry", ZONE_GEOMETRIES);
        Double radius = null;
        if ("Point".equals(geometry.getGeometryType())) {
            if (!z.has("radiusMeters")) {
                throw new InvalidScenarioException(path + ".radiusMeters: required for a Point zone");
            }
            radius = number(z.get("radiusMeters"), path + ".radiusMeters");
            if (!(radius > 0) || radius > 100_000) {
                throw new InvalidScenarioException(path + ".radiusMeters: must be between 0 and 100000");
            }
        }
        WeeklySchedule schedule = z.has("schedule") && !z.get("schedule").isNull()
                ? schedule(z.get("schedule"), path + ".schedule") : WeeklySchedule.always();
        return new Zone(id, type, geometry, radius, schedule);
    }

    private static Route route(JsonNode r, String path) {
        String id = text(r.get("id"), path + ".id");
        LineString line = (LineString) geometry(r.get("geometry"), path + ".geometry", List.of("LineString"));
        double w = number(r.get("corridorMeters"), path + ".corridorMeters");
        if (!(w > 0)) {
            throw new InvalidScenarioException(path + ".corridorMeters: must be > 0");
        }
        WeeklySchedule schedule = r.has("schedule") ? schedule(r.get("schedule"), path + ".schedule")
                : WeeklySchedule.always();
        return new Route(id, line, w, schedule);
    }

    /** GeoJSON as the orders' conditions read it (one parser for both), its errors as replay errors. */
    static Geometry geometry(JsonNode g, String path, List<String> allowed) {
        try {
            return ConditionsParser.geometry(g, path, allowed);
        } catch (InvalidInputException e) {
            throw new InvalidScenarioException(e.getMessage());
        }
    }

    /** A schedule: windows read as the orders' conditions read them, in the replay format's lenient form. */
    static WeeklySchedule schedule(JsonNode s, String path) {
        array(s, path);
        List<WeeklySchedule.Entry> entries = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            Conditions.Window w;
            try {
                w = ConditionsParser.window(s.get(i), path + "[" + i + "]", true, ConditionsParser.WindowForm.SCENARIO);
            } catch (InvalidInputException e) {
                throw new InvalidScenarioException(e.getMessage());
            }
            entries.add(new WeeklySchedule.Entry(w.days(), w.from(), w.to()));
        }
        return new WeeklySchedule(entries);
    }

    private static List<Fix> fixes(JsonNode a, String path, boolean required) {
        if (a == null) {
            if (required) {
                throw new InvalidScenarioException(path + ": required");
            }
            return List.of();
        }
        array(a, path);
        List<Fix> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(fix(a.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static Fix fix(JsonNode f, String path) {
        if (f == null || !f.isObject()) {
            throw new InvalidScenarioException(path + ": must be an object");
        }
        Instant time = instant(f.get("time"), path + ".time");
        double lat = number(f.get("lat"), path + ".lat");
        if (lat < -90 || lat > 90) {
            throw new InvalidScenarioException(path + ".lat: must be between -90 and 90");
        }
        double lon = number(f.get("lon"), path + ".lon");
        if (lon < -180 || lon > 180) {
            throw new InvalidScenarioException(path + ".lon: must be between -180 and 180");
        }
        Double acc = null;
        if (present(f, "accuracy")) {
            acc = number(f.get("accuracy"), path + ".accuracy");
            if (acc < 0) {
                throw new InvalidScenarioException(path + ".accuracy: must be >= 0");
            }
        }
        boolean valid = !present(f, "valid") || bool(f.get("valid"), path + ".valid");
        Fix.PositionSource source = present(f, "source")
                ? enumValue(Fix.PositionSource.class, text(f.get("source"), path + ".source"), path + ".source")
                : Fix.PositionSource.GPS;
        Integer battery = null;
        if (present(f, "battery")) {
            double b = number(f.get("battery"), path + ".battery");
            if (b < 0 || b > 100) {
                throw new InvalidScenarioException(path + ".battery: must be between 0 and 100");
            }
            battery = (int) Math.round(b);
        }
        Fix.StrapState strap = present(f, "strap")
                ? enumValue(Fix.StrapState.class, text(f.get("strap"), path + ".strap"), path + ".strap") : null;
        Boolean charging = present(f, "charging") ? bool(f.get("charging"), path + ".charging") : null;
        Instant received = present(f, "receivedAt") ? instant(f.get("receivedAt"), path + ".receivedAt") : time;
        Double hdop = null;
        if (present(f, "hdop")) {
            hdop = number(f.get("hdop"), path + ".hdop");
            if (hdop < 0) {
                throw new InvalidScenarioException(path + ".hdop: must be >= 0");
            }
        }
        Integer satellites = null;
        if (present(f, "satellites")) {
            double n = number(f.get("satellites"), path + ".satellites");
            if (n < 0 || n > 255 || n != Math.rint(n)) {
                throw new InvalidScenarioException(path + ".satellites: must be a whole number between 0 and 255");
            }
            satellites = (int) n;
        }
        Map<String, Object> io = present(f, "io") ? io(f.get("io"), path + ".io") : null;
        Boolean power = present(f, "externalPower") ? bool(f.get("externalPower"), path + ".externalPower") : null;
        return new Fix(null, time, received, lat, lon, null, null, null, satellites, hdop, acc, valid, source, battery,
                power, charging, strap, deviceAlarms(f, path), io);
    }

    /**
     * A message of the unit without a position (a heartbeat, a status or alarm message): {@code time}, optional
     * {@code receivedAt}, {@code battery}, {@code charging}, {@code externalPower}, {@code strap}, {@code alarms} (the
     * device's own flags: SOS, TAMPER, POWER_CUT, LOW_BATTERY) and {@code io}.
     */
    private static Fix event(JsonNode e, String path) {
        if (e == null || !e.isObject()) {
            throw new InvalidScenarioException(path + ": must be an object");
        }
        Instant time = instant(e.get("time"), path + ".time");
        Integer battery = null;
        if (present(e, "battery")) {
            double b = number(e.get("battery"), path + ".battery");
            if (b < 0 || b > 100) {
                throw new InvalidScenarioException(path + ".battery: must be between 0 and 100");
            }
            battery = (int) Math.round(b);
        }
        Boolean power = present(e, "externalPower") ? bool(e.get("externalPower"), path + ".externalPower") : null;
        Boolean charging = present(e, "charging") ? bool(e.get("charging"), path + ".charging") : null;
        Fix.StrapState strap = present(e, "strap")
                ? enumValue(Fix.StrapState.class, text(e.get("strap"), path + ".strap"), path + ".strap") : null;
        Map<String, Object> io = present(e, "io") ? io(e.get("io"), path + ".io") : null;
        Instant received = present(e, "receivedAt") ? instant(e.get("receivedAt"), path + ".receivedAt") : time;
        return Fix.status(null, time, battery, power, charging, strap, deviceAlarms(e, path), io)
                .withServerTime(received);
    }

    /** {@code alarms}: the device's own alarm flags, an array of their names. */
    private static Set<Fix.DeviceAlarm> deviceAlarms(JsonNode f, String path) {
        if (!present(f, "alarms")) {
            return Set.of();
        }
        JsonNode a = f.get("alarms");
        array(a, path + ".alarms");
        Set<Fix.DeviceAlarm> out = java.util.EnumSet.noneOf(Fix.DeviceAlarm.class);
        for (int i = 0; i < a.size(); i++) {
            out.add(enumValue(Fix.DeviceAlarm.class, text(a.get(i), path + ".alarms[" + i + "]"),
                    path + ".alarms[" + i + "]"));
        }
        return out;
    }

    /** {@code io}: an object of raw device values, each a string, a number (whole: Long, else Double) or a boolean. */
    private static Map<String, Object> io(JsonNode n, String path) {
        if (!n.isObject()) {
            throw new InvalidScenarioException(path + ": must be an object of raw values");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : n.properties()) {
            JsonNode v = e.getValue();
            String p = path + "." + e.getKey();
            if (v.isString()) {
                out.put(e.getKey(), v.asString());
            } else if (v.isBoolean()) {
                out.put(e.getKey(), v.asBoolean());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                out.put(e.getKey(), v.asLong());
            } else if (v.isNumber()) {
                out.put(e.getKey(), number(v, p));
            } else if (!v.isNull()) {
                throw new InvalidScenarioException(p + ": must be a string, a number or true/false");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ primitives

    private static boolean present(JsonNode o, String key) {
        return o.has(key) && !o.get(key).isNull();
    }

    private static void array(JsonNode n, String path) {
        if (n == null || !n.isArray()) {
            throw new InvalidScenarioException(path + ": must be an array");
        }
    }

    private static String text(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            throw new InvalidScenarioException(path + ": required");
        }
        if (!n.isString()) {
            throw new InvalidScenarioException(path + ": must be a string");
        }
        return n.asString();
    }

    private static double number(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            throw new InvalidScenarioException(path + ": required");
        }
        if (!n.isNumber()) {
            throw new InvalidScenarioException(path + ": must be a number");
        }
        double d = n.asDouble();
        if (!Double.isFinite(d)) {
            throw new InvalidScenarioException(path + ": must be finite");
        }
        return d;
    }

    private static boolean bool(JsonNode n, String path) {
        if (!n.isBoolean()) {
            throw new InvalidScenarioException(path + ": must be true or false");
        }
        return n.asBoolean();
    }

    private static Instant instant(JsonNode n, String path) {
        String s = text(n, path);
        try {
            return Instant.parse(s);
        } catch (DateTimeException e) {
            throw new InvalidScenarioException(path + ": must be an ISO-8601 UTC time like 2026-03-02T02:10:00Z, got '"
                    + s + "'");
        }
    }

    private static Double optPositive(JsonNode o, String key, String path) {
        if (!present(o, key)) {
            return null;
        }
        double d = number(o.get(key), path + "." + key);
        if (!(d > 0)) {
            throw new InvalidScenarioException(path + "." + key + ": must be > 0");
        }
        return d;
    }

    private static Integer optPercent(JsonNode o, String key, String path) {
        if (!present(o, key)) {
            return null;
        }
        double d = number(o.get(key), path + "." + key);
        if (d < 0 || d > 100) {
            throw new InvalidScenarioException(path + "." + key + ": must be between 0 and 100");
        }
        return (int) Math.round(d);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String s, String path) {
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            throw new InvalidScenarioException(path + ": unknown value '" + s + "' (expected one of " + names + ")");
        }
    }
}
