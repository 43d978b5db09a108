package org.alterna.supervision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses the replay format of SCENARIOS.md (and the {@code supervision} object alone, for plans). */
public final class ScenarioParser {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final GeometryFactory GF = new GeometryFactory();

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
        return new Scenario(name, plan, fixes, victim, variations);
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
        JsonNode g = z.get("geometry");
        Geometry geometry = geometry(g, path + ".geometry");
        Double radius = null;
        if ("Point".equals(geometry.getGeometryType())) {
            if (!z.has("radiusMeters")) {
                throw new InvalidScenarioException(path + ".radiusMeters: required for a Point zone");
            }
            radius = number(z.get("radiusMeters"), path + ".radiusMeters");
            if (!(radius > 0) || radius > 100_000) {
                throw new InvalidScenarioException(path + ".radiusMeters: must be between 0 and 100000");
            }
        } else if (!(geometry instanceof org.locationtech.jts.geom.Polygonal)) {
            throw new InvalidScenarioException(path + ".geometry.type: must be Polygon, MultiPolygon or Point");
        }
        WeeklySchedule schedule = z.has("schedule") && !z.get("schedule").isNull()
                ? schedule(z.get("schedule"), path + ".schedule") : WeeklySchedule.always();
        return new Zone(id, type, geometry, radius, schedule);
    }

    private static Route route(JsonNode r, String path) {
        String id = text(r.get("id"), path + ".id");
        Geometry g = geometry(r.get("geometry"), path + ".geometry");
        if (!(g instanceof org.locationtech.jts.geom.LineString line)) {
            throw new InvalidScenarioException(path + ".geometry.type: must be LineString");
        }
        double w = number(r.get("corridorMeters"), path + ".corridorMeters");
        if (!(w > 0)) {
            throw new InvalidScenarioException(path + ".corridorMeters: must be > 0");
        }
        WeeklySchedule schedule = r.has("schedule") ? schedule(r.get("schedule"), path + ".schedule")
                : WeeklySchedule.always();
        return new Route(id, line, w, schedule);
    }

    static Geometry geometry(JsonNode g, String path) {
        if (g == null || !g.isObject()) {
            throw new InvalidScenarioException(path + ": required GeoJSON geometry object");
        }
        String type = text(g.get("type"), path + ".type");
        JsonNode c = g.get("coordinates");
        String cp = path + ".coordinates";
        if (c == null) {
            throw new InvalidScenarioException(cp + ": required");
        }
        Geometry geom = switch (type) {
            case "Point" -> GF.createPoint(position(c, cp));
            case "LineString" -> {
                Coordinate[] cs = positions(c, cp);
                if (cs.length < 2) {
                    throw new InvalidScenarioException(cp + ": a LineString needs at least 2 positions");
                }
                yield GF.createLineString(cs);
            }
            case "Polygon" -> polygon(c, cp);
            case "MultiPolygon" -> {
                array(c, cp);
                Polygon[] ps = new Polygon[c.size()];
                for (int i = 0; i < c.size(); i++) {
                    ps[i] = polygon(c.get(i), cp + "[" + i + "]");
                }
                if (ps.length == 0) {
                    throw new InvalidScenarioException(cp + ": empty MultiPolygon");
                }
                yield GF.createMultiPolygon(ps);
            }
            default -> throw new InvalidScenarioException(path + ".type: unsupported geometry type '" + type
                    + "' (Polygon, MultiPolygon or Point)");
        };
        if (!(geom instanceof org.locationtech.jts.geom.Point) && !(geom instanceof org.locationtech.jts.geom.LineString)) {
            TopologyValidationError err = new IsValidOp(geom).getValidationError();
            if (err != null) {
                Coordinate at = err.getCoordinate();
                throw new InvalidScenarioException(cp + ": invalid polygon: " + err.getMessage().toLowerCase(Locale.ROOT)
                        + (at == null ? "" : " at [" + at.x + ", " + at.y + "]"));
            }
        }
        return geom;
    }

    private static Polygon polygon(JsonNode rings, String path) {
        array(rings, path);
        if (rings.isEmpty()) {
            throw new InvalidScenarioException(path + ": a Polygon needs an exterior ring");
        }
        LinearRing[] lr = new LinearRing[rings.size()];
        for (int i = 0; i < rings.size(); i++) {
            String rp = path + "[" + i + "]";
            Coordinate[] cs = positions(rings.get(i), rp);
            if (cs.length < 4) {
                throw new InvalidScenarioException(rp + ": a ring needs at least 4 positions");
            }
            if (!cs[0].equals2D(cs[cs.length - 1])) {
                throw new InvalidScenarioException(rp + ": ring is not closed (first and last positions differ)");
            }
            lr[i] = GF.createLinearRing(cs);
        }
        LinearRing[] holes = new LinearRing[lr.length - 1];
        System.arraycopy(lr, 1, holes, 0, holes.length);
        return GF.createPolygon(lr[0], holes);
    }

    private static Coordinate[] positions(JsonNode a, String path) {
        array(a, path);
        Coordinate[] cs = new Coordinate[a.size()];
        for (int i = 0; i < a.size(); i++) {
            cs[i] = position(a.get(i), path + "[" + i + "]");
        }
        return cs;
    }

    private static Coordinate position(JsonNode p, String path) {
        if (p == null || !p.isArray() || p.size() < 2) {
            throw new InvalidScenarioException(path + ": a position must be [lon, lat]");
        }
        double lon = number(p.get(0), path + "[0]");
        double lat = number(p.get(1), path + "[1]");
        if (lon < -180 || lon > 180) {
            throw new InvalidScenarioException(path + "[0]: longitude must be between -180 and 180");
        }
        if (lat < -90 || lat > 90) {
            throw new InvalidScenarioException(path + "[1]: latitude must be between -90 and 90");
        }
        return new Coordinate(lon, lat);
    }

    static WeeklySchedule schedule(JsonNode s, String path) {
        array(s, path);
        List<WeeklySchedule.Entry> entries = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode e = s.get(i);
            if (!e.isObject()) {
                throw new InvalidScenarioException(p + ": must be an object");
            }
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            if (e.has("days")) {
                array(e.get("days"), p + ".days");
                for (int j = 0; j < e.get("days").size(); j++) {
                    days.add(day(text(e.get("days").get(j), p + ".days[" + j + "]"), p + ".days[" + j + "]"));
                }
            }
            entries.add(new WeeklySchedule.Entry(days, time(e.get("from"), p + ".from"), time(e.get("to"), p + ".to")));
        }
        return new WeeklySchedule(entries);
    }

    private static DayOfWeek day(String d, String path) {
        String u = d.toUpperCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().equals(u) || w.name().startsWith(u) && u.length() == 3) {
                return w;
            }
        }
        throw new InvalidScenarioException(path + ": unknown day '" + d + "' (MON..SUN)");
    }

    private static LocalTime time(JsonNode n, String path) {
        String s = text(n, path);
        if (!s.matches("\\d{2}:\\d{2}")) {
            throw new InvalidScenarioException(path + ": must be a local time HH:mm, got '" + s + "'");
        }
        int h = Integer.parseInt(s.substring(0, 2));
        int m = Integer.parseInt(s.substring(3));
        if (h == 24 && m == 0) {
            return LocalTime.MIDNIGHT;
        }
        if (h > 23 || m > 59) {
            throw new InvalidScenarioException(path + ": must be a local time HH:mm, got '" + s + "'");
        }
        return LocalTime.of(h, m);
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
        return new Fix(null, time, received, lat, lon, null, null, null, null, null, acc, valid, source, battery, null,
                charging, strap, Set.of(), null);
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
