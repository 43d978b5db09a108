package org.alterna.simulation.tracks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.alterna.simulation.replay.Scorer;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.HomePresence;
import org.alterna.supervision.Route;
import org.alterna.supervision.SupervisionPlan;
import org.alterna.supervision.WeeklySchedule;
import org.alterna.supervision.Zone;
import org.alterna.supervision.ZoneType;
import org.alterna.telemetry.Fix;
import org.locationtech.jts.geom.Coordinate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Labelled, realistic ankle-tag tracks in Lima, deterministic per seed: a street grid around a real district, daily
 * routines (home at night, an authorised route to work in the morning, lunch, errands; walking ~5 km/h, buses
 * ~25 km/h along streets), GPS noise as tags really show it (indoor multipath bursts of 100-300 m, sometimes with
 * optimistic accuracy; urban-canyon drift and reflections while walking; LBS fallback hundreds of metres off; invalid
 * fixes; basements without any fix; signal gaps; late buffered uploads), battery drain, charging habits and flat
 * batteries, and labelled breaches of every rule — curfew, exclusion zones (always and scheduled), route corridor,
 * victim proximity and pre-alert, strap, battery low and critical, not charging, no communication, no valid fix —
 * including borderline ones (don't care). Reusable by the fleet simulator. {@link Profile#HARSH} takes the same days
 * in harsher conditions and adds the home's radio evidence of presence, with its own labels ({@link PresenceLabel}).
 */
public final class LimaTrackGenerator {
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;


    /**
     * A generated scenario: the replay input, its truth, and which violations are "qualifying" for the recall target
     * (zone breaches of >= 5 min reaching >= 150 m and seen that deep by a valid fix; every sensor-rule violation).
     */
    public record Generated(String name, SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
            Scorer.Truth truth, List<Scorer.Interval> qualifying, String json, String truthJson, Profile profile,
            Traits traits, HomePresence homePresence, List<Fix> homeUnitFixes, List<PresenceLabel> presenceViolations,
            List<PresenceLabel> presenceDontCare) {
    }

    /**
     * Which conditions the tags live in. {@link #STANDARD}: the tracks the engine was built with (its output for a
     * seed never changes). {@link #HARSH}: the same people's days in harsher homes and with cheaper tags — multipath on
     * 5-9 % of the indoor fixes, 100-450 m off and mostly with an optimistic accuracy; slow drifts of 30-90 m over 4-15
     * minutes; fixes lost 0.3-0.7 times an hour for up to an hour (cell positions for 70 % of the losses);
     * communication outages whose fixes arrive up to two hours late; reporting every 15, 30 or 60 s or on motion; tags
     * that report HDOP and satellites, or satellites alone, instead of an accuracy; and the home's radio evidence of
     * presence (a BLE beacon heard by the tag, or an RF home unit that hears the tag).
     */
    public enum Profile {
        STANDARD("standard", "lima-gen"), HARSH("harsh", "lima-harsh");

        private final String label;
        private final String prefix;

        Profile(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }

        /** The profile's name in figures and documents. */
        public String label() {
            return label;
        }

        /** The scenario name of a seed in this profile ({@code lima-gen-<seed>}, {@code lima-harsh-<seed>}). */
        public String scenarioName(long seed) {
            return String.format(Locale.ROOT, "%s-%d", prefix, seed);
        }
    }

    /**
     * What kind of tag and home a generated device has: its reporting ({@code on motion} or {@code every 15 s} ...),
     * what it says of a fix's quality ({@code accuracy}, {@code hdop+satellites}, {@code satellites}) and the home's
     * presence equipment ({@code none}, {@code iBeacon}, {@code Eddystone}, {@code RF home unit}).
     */
    public record Traits(String reporting, String quality, String homeKit) {
        static final Traits STANDARD = new Traits("on motion", "accuracy", "none");
    }

    /**
     * A labelled interval of a home-presence alarm kind the engine does not raise yet: {@link #LOST} (during the
     * curfew the tag did not hear the home beacon, or the home unit did not hear the tag, for the plan's
     * {@code lostMinutes}), {@link #UNPOWERED} (the home unit lost its mains power) and {@link #MOVED} (the home unit
     * or beacon is more than 100 m from where it was installed). The type names are those the engine's alarms will
     * carry.
     */
    public record PresenceLabel(String type, Instant start, Instant end) {
        public static final String LOST = "HOME_PRESENCE_LOST";
        public static final String UNPOWERED = "HOME_UNIT_UNPOWERED";
        public static final String MOVED = "HOME_UNIT_MOVED";

        /** The delay allowed to raise it: the limit + 5 min for a loss of presence, 15 min for the home unit's. */
        public static Duration allowedDelay(String type, int lostMinutes) {
            return type.equals(LOST) ? Duration.ofMinutes(lostMinutes + 5L) : Duration.ofMinutes(15);
        }
    }

    private static final double[][] DISTRICTS = {
        {-12.1211, -77.0301}, // Miraflores
        {-12.0830, -77.0350}, // Lince
        {-11.9800, -77.0030}, // San Juan de Lurigancho
        {-12.1450, -76.9920}, // Santiago de Surco
        {-12.0600, -77.0500}, // Breña / Pueblo Libre
    };
    private static final GeometryFactory GF = new GeometryFactory();
    private static final long STEP = 10; // seconds of the true trajectory
    private static final int OFFSET = -5 * 3600; // Lima, no DST
    /** The authorised route home -> work applies every day 06:00-10:00 local. */
    static final int ROUTE_FROM = 6 * 3600;
    static final int ROUTE_TO = 10 * 3600;
    /** The victim's workplace is an exclusion zone Monday to Friday 08:00-18:00 local. */
    static final int VICTIM_WORK_FROM = 8 * 3600;
    static final int VICTIM_WORK_TO = 18 * 3600;
    static final int CRITICAL_PERCENT = 5;
    static final int NO_FIX_MINUTES = 30;
    static final int NOT_CHARGING_GRACE_S = 20 * 60;
    static final double PROXIMITY_M = 500;
    static final double PRE_ALERT_M = 500;
    /**
     * Sensor rules are judged on reports: a no-fix stretch or a not-charging stretch within one resting report
     * interval (5 min) of its limit cannot be told from one just under it; such stretches are borderline.
     */
    static final long REPORT_S = 300;

    private final SplittableRandom rnd;
    /** The harsh profile's own draws, so that the standard profile's stream is never touched. */
    private final SplittableRandom hr;
    private final Profile profile;
    private final boolean harsh;
    private final long seed;
    private final int days;
    private final boolean victimUnit;
    // world (local metres around the district centre)
    private final double lat0;
    private final double lon0;
    private final double kx;
    private final double ky;
    private final double grid = 100;
    private final double angle;
    private double[] home;
    private double homeRadius;
    private boolean homeSquare;
    private double[] work;
    private double[] victimHome;
    private double victimRadius;
    private int curfewFrom;
    private int curfewTo;
    // authorised route in the grid frame: first leg along u from home to the corner, then along v to work
    private boolean routeXFirst;
    private double wu;
    private double wv;
    private double corridor;
    private double[][] routeW;
    // the victim's workplace: a grid-aligned square (grid frame)
    private double[] vwG;
    private double vwHalf;
    // charging window (local seconds of day) and the day's plug-in plan
    private int chargeFrom;
    private int chargeTo;
    private long[] plugAt;
    private long[] unplugAt;
    // true timeline at STEP resolution
    private long t0;
    private int n;
    private double[] px;
    private double[] py;
    private boolean[] indoor;
    private double[] vx;
    private double[] vy;
    private boolean[] strapOpen;
    private boolean[] off;
    private boolean[] noSky;
    private boolean[] dead;
    /** A valid GPS fix was logged at this step: what any engine could see of the person's position. */
    private boolean[] seen;
    private double[] battery;
    private boolean[] charging;

    public LimaTrackGenerator(long seed, int days) {
        this(seed, days, Profile.STANDARD);
    }

    public LimaTrackGenerator(long seed, int days, Profile profile) {
        this.seed = seed;
        this.days = days;
        this.profile = profile;
        this.harsh = profile == Profile.HARSH;
        this.hr = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x4841525348L);
        this.rnd = new SplittableRandom(seed);
        double[] d = DISTRICTS[(int) Math.floorMod(seed, DISTRICTS.length)];
        this.lat0 = d[0] + rnd.nextDouble(-0.01, 0.01);
        this.lon0 = d[1] + rnd.nextDouble(-0.01, 0.01);
        this.kx = 111_320 * Math.cos(Math.toRadians(lat0));
        this.ky = 110_574;
        this.angle = rnd.nextDouble(0, Math.PI / 2);
        this.victimUnit = rnd.nextDouble() < 0.5;
    }

    /** Generates {@code days} device-days for {@code seed} (standard profile). */
    public static Generated generate(long seed, int days) {
        return new LimaTrackGenerator(seed, days).build();
    }

    /** Generates {@code days} device-days for {@code seed} in {@code profile}. */
    public static Generated generate(long seed, int days, Profile profile) {
        return new LimaTrackGenerator(seed, days, profile).build();
    }

    /**
     * Writes {@code <name>.json} (the scenario, SCENARIOS.md format, fixes in arrival order) and
     * {@code <name>.truth.json} into {@code dir}; returns both paths. {@code alterna replay FILE --truth TRUTH} scores it.
     */
    public static Path[] writeScenario(Path dir, long seed, int days) throws IOException {
        return writeScenario(dir, seed, days, Profile.STANDARD);
    }

    /** As {@link #writeScenario(Path, long, int)}, in {@code profile}. */
    public static Path[] writeScenario(Path dir, long seed, int days, Profile profile) throws IOException {
        Generated g = generate(seed, days, profile);
        Files.createDirectories(dir);
        Path scenario = dir.resolve(g.name() + ".json");
        Path truth = dir.resolve(g.name() + ".truth.json");
        Files.writeString(scenario, scenarioJson(g), StandardCharsets.UTF_8);
        Files.writeString(truth, truthJson(g), StandardCharsets.UTF_8);
        return new Path[] {scenario, truth};
    }

    /**
     * The scenario as SCENARIOS.md JSON, with the parser's further supervision keys for the other rules
     * ({@code routes}, {@code victimPreAlertMeters}, {@code criticalBatteryPercent}, {@code chargingWindow},
     * {@code noFixMinutes}, {@code gracePeriods}).
     */
    public static String scenarioJson(Generated g) {
        SupervisionPlan p = g.plan();
        ObjectNode root = JSON.createObjectNode();
        root.put("name", g.name()).put("timezone", p.timezone().getId());
        ObjectNode sup = root.putObject("supervision");
        ArrayNode zones = sup.putArray("zones");
        for (Zone z : p.zones()) {
            ObjectNode zone = zones.addObject().put("id", z.id()).put("type", z.type().name());
            ObjectNode geometry = zone.putObject("geometry");
            if (z.geometry() instanceof org.locationtech.jts.geom.Point pt) {
                geometry.put("type", "Point").putArray("coordinates").add(num(pt.getX())).add(num(pt.getY()));
                zone.set("radiusMeters", num(z.radiusMeters()));
            } else {
                coordinates(geometry.put("type", "Polygon").putArray("coordinates").addArray(),
                        z.geometry().getCoordinates());
            }
            if (!z.schedule().entries().isEmpty()) {
                schedule(zone.putArray("schedule"), z.schedule());
            }
        }
        if (!p.routes().isEmpty()) {
            ArrayNode routes = sup.putArray("routes");
            for (Route r : p.routes()) {
                ObjectNode route = routes.addObject().put("id", r.id());
                coordinates(route.putObject("geometry").put("type", "LineString").putArray("coordinates"),
                        r.line().getCoordinates());
                route.set("corridorMeters", num(r.corridorMeters()));
                if (!r.schedule().entries().isEmpty()) {
                    schedule(route.putArray("schedule"), r.schedule());
                }
            }
        }
        if (p.victimProximityMeters() != null) {
            sup.set("victimProximityMeters", num(p.victimProximityMeters()));
        }
        if (p.victimPreAlertMeters() != null) {
            sup.set("victimPreAlertMeters", num(p.victimPreAlertMeters()));
        }
        if (p.noCommunicationMinutes() != null) {
            sup.put("noCommunicationMinutes", p.noCommunicationMinutes());
        }
        if (p.noFixMinutes() != null) {
            sup.put("noFixMinutes", p.noFixMinutes());
        }
        if (p.lowBatteryPercent() != null) {
            sup.put("lowBatteryPercent", p.lowBatteryPercent());
        }
        if (p.criticalBatteryPercent() != null) {
            sup.put("criticalBatteryPercent", p.criticalBatteryPercent());
        }
        if (p.chargingWindow() != null) {
            schedule(sup.putArray("chargingWindow"), p.chargingWindow());
        }
        if (!p.gracePeriods().isEmpty()) {
            ObjectNode grace = sup.putObject("gracePeriods");
            for (Map.Entry<AlarmType, Duration> e : p.gracePeriods().entrySet()) {
                grace.set(e.getKey().name(), num(e.getValue().toSeconds() / 60.0));
            }
        }
        HomePresence home = g.homePresence();
        if (home != null) {
            ObjectNode presence = sup.putObject("homePresence").put("kind", home.kind().name());
            if (home.beaconId() != null) {
                presence.put("beaconId", home.beaconId());
            }
            presence.put("lat", decimals(home.lat(), 7)).put("lon", decimals(home.lon(), 7))
                    .put("lostMinutes", home.lostMinutes()).put("zone", home.zone());
        }
        fixes(root.putArray("fixes"), g.fixes());
        fixes(root.putArray("victimFixes"), g.victimFixes());
        if (!g.homeUnitFixes().isEmpty()) {
            fixes(root.putArray("homeUnitFixes"), g.homeUnitFixes());
        }
        return write(root);
    }

    /** Pretty-printed, one key a line, ending with a new line (the files are read by people too). */
    private static String write(ObjectNode root) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void coordinates(ArrayNode out, Coordinate[] cs) {
        for (Coordinate c : cs) {
            out.addArray().add(num(c.x)).add(num(c.y));
        }
    }

    private static void schedule(ArrayNode out, WeeklySchedule s) {
        for (WeeklySchedule.Entry e : s.entries()) {
            ObjectNode entry = out.addObject();
            ArrayNode days = entry.putArray("days");
            for (DayOfWeek day : e.days() == null ? EnumSet.allOf(DayOfWeek.class) : e.days()) {
                days.add(day.name().substring(0, 3));
            }
            entry.put("from", e.from().toString()).put("to", e.to().toString());
        }
    }

    /**
     * A generated scenario's truth file: as {@link #truthJson(Scorer.Truth)}, and with home presence also
     * {@code homePresence: {violations, dontCare}} (types {@link PresenceLabel#LOST}, {@link PresenceLabel#UNPOWERED},
     * {@link PresenceLabel#MOVED}; ignored by today's scorer).
     */
    public static String truthJson(Generated g) {
        ObjectNode root = truth(g.truth());
        if (g.homePresence() != null) {
            ObjectNode presence = root.putObject("homePresence").put("lostMinutes", g.homePresence().lostMinutes());
            presence(presence.putArray("violations"), g.presenceViolations());
            presence(presence.putArray("dontCare"), g.presenceDontCare());
        }
        return write(root);
    }

    private static void presence(ArrayNode out, List<PresenceLabel> list) {
        for (PresenceLabel v : list) {
            out.addObject().put("type", v.type()).put("start", v.start().toString()).put("end", v.end().toString());
        }
    }

    /** A truth file: {@code deviceDays}, {@code violations}, {@code dontCare}. */
    public static String truthJson(Scorer.Truth t) {
        return write(truth(t));
    }

    private static ObjectNode truth(Scorer.Truth t) {
        ObjectNode root = JSON.createObjectNode().put("deviceDays", decimals(t.deviceDays(), 4));
        intervals(root.putArray("violations"), t.violations());
        intervals(root.putArray("dontCare"), t.dontCare());
        return root;
    }

    private static void intervals(ArrayNode out, List<Scorer.Interval> list) {
        for (Scorer.Interval v : list) {
            out.addObject().put("type", v.type().name()).put("zone", v.zone()).put("start", v.start().toString())
                    .put("end", v.end() == null ? null : v.end().toString());
        }
    }

    private static void fixes(ArrayNode out, List<Fix> fixes) {
        for (Fix f : fixes) {
            ObjectNode fix = out.addObject().put("time", f.deviceTime().toString())
                    .put("lat", decimals(f.latitude(), 7)).put("lon", decimals(f.longitude(), 7));
            if (f.accuracyMeters() != null) {
                fix.set("accuracy", num(f.accuracyMeters()));
            }
            fix.put("valid", f.valid());
            if (f.source() != null) {
                fix.put("source", f.source().name());
            }
            if (f.batteryPercent() != null) {
                fix.put("battery", f.batteryPercent());
            }
            if (f.strap() != null) {
                fix.put("strap", f.strap().name());
            }
            if (f.charging() != null) {
                fix.put("charging", f.charging());
            }
            if (f.serverTime() != null && !f.serverTime().equals(f.deviceTime())) {
                fix.put("receivedAt", f.serverTime().toString());
            }
            if (f.satellites() != null) {
                fix.put("satellites", f.satellites());
            }
            if (f.hdop() != null) {
                fix.set("hdop", num(f.hdop()));
            }
            if (!f.io().isEmpty()) {
                ObjectNode io = fix.putObject("io");
                for (Map.Entry<String, Object> e : new java.util.TreeMap<>(f.io()).entrySet()) {
                    io.set(e.getKey(), e.getValue() instanceof Double d ? num(d) : JSON.valueToTree(e.getValue()));
                }
            }
        }
    }

    /** A whole number without a decimal point (a radius of 150, not 150.0), any other as Java writes a double. */
    private static tools.jackson.databind.JsonNode num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? JSON.getNodeFactory().numberNode((long) d)
                : JSON.getNodeFactory().numberNode(d);
    }

    /** {@code v} rounded half up to {@code scale} decimals, as {@code %.Nf} prints it. */
    private static java.math.BigDecimal decimals(double v, int scale) {
        return new java.math.BigDecimal(v).setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    // ------------------------------------------------------------------------------------------ world

    private double[] node(double gx, double gy) {
        double x = Math.round(gx / grid) * grid;
        double y = Math.round(gy / grid) * grid;
        return new double[] {x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)};
    }

    /** Grid frame (streets along the axes) to world metres. */
    private double[] world(double[] g) {
        return new double[] {g[0] * Math.cos(angle) - g[1] * Math.sin(angle),
            g[0] * Math.sin(angle) + g[1] * Math.cos(angle)};
    }

    private double[] toGrid(double[] p) {
        return new double[] {p[0] * Math.cos(angle) + p[1] * Math.sin(angle),
            -p[0] * Math.sin(angle) + p[1] * Math.cos(angle)};
    }

    private double snap(double v) {
        return Math.round(v / grid) * grid;
    }

    private double lat(double y) {
        return lat0 + y / ky;
    }

    private double lon(double x) {
        return lon0 + x / kx;
    }

    private double[] randomNodeAt(double[] from, double min, double max) {
        double a = rnd.nextDouble(0, 2 * Math.PI);
        double r = rnd.nextDouble(min, max);
        double[] g = toGrid(from);
        return node(g[0] + r * Math.cos(a), g[1] + r * Math.sin(a));
    }

    /** A random street corner near {@code from} clear of the victim's workplace: people under an order avoid it. */
    private double[] errandNodeAt(double[] from, double min, double max) {
        double[] p = randomNodeAt(from, min, max);
        for (int k = 0; k < 10 && victimWorkDepth(p[0], p[1]) > -80; k++) {
            p = randomNodeAt(from, min, max);
        }
        return p;
    }

    private double homeDepth(double x, double y) {
        double dx = x - home[0];
        double dy = y - home[1];
        if (!homeSquare) {
            return Math.sqrt(dx * dx + dy * dy) - homeRadius;
        }
        double[] g = toGrid(new double[] {dx, dy});
        double ox = Math.abs(g[0]) - homeRadius;
        double oy = Math.abs(g[1]) - homeRadius;
        if (ox <= 0 && oy <= 0) {
            return Math.max(ox, oy);
        }
        return Math.hypot(Math.max(ox, 0), Math.max(oy, 0));
    }

    private double victimDepth(double x, double y) {
        return victimRadius - Math.hypot(x - victimHome[0], y - victimHome[1]);
    }

    /** Depth inside the victim's workplace square (positive inside, negative outside). */
    private double victimWorkDepth(double x, double y) {
        double[] g = toGrid(new double[] {x, y});
        double ox = Math.abs(g[0] - vwG[0]) - vwHalf;
        double oy = Math.abs(g[1] - vwG[1]) - vwHalf;
        if (ox <= 0 && oy <= 0) {
            return -Math.max(ox, oy);
        }
        return -Math.hypot(Math.max(ox, 0), Math.max(oy, 0));
    }

    /** Distance (m) from the authorised route's centre line. */
    private double routeDistance(double x, double y) {
        double best = Double.MAX_VALUE;
        for (int k = 1; k < routeW.length; k++) {
            double ax = routeW[k - 1][0];
            double ay = routeW[k - 1][1];
            double dx = routeW[k][0] - ax;
            double dy = routeW[k][1] - ay;
            double len2 = dx * dx + dy * dy;
            double f = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
            best = Math.min(best, Math.hypot(ax + f * dx - x, ay + f * dy - y));
        }
        return best;
    }

    private static int secondOfDay(long epoch) {
        return (int) Math.floorMod(epoch + OFFSET, 86400);
    }

    private boolean curfew(long epoch) {
        int sod = secondOfDay(epoch);
        return curfewTo < curfewFrom ? sod >= curfewFrom || sod < curfewTo : sod >= curfewFrom && sod < curfewTo;
    }

    private static boolean routeWindow(long epoch) {
        int sod = secondOfDay(epoch);
        return sod >= ROUTE_FROM && sod < ROUTE_TO;
    }

    private static boolean victimWorkHours(long epoch) {
        DayOfWeek day = LocalDate.ofEpochDay(Math.floorDiv(epoch + OFFSET, 86400)).getDayOfWeek();
        int sod = secondOfDay(epoch);
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && sod >= VICTIM_WORK_FROM
                && sod < VICTIM_WORK_TO;
    }

    private boolean chargeWindow(long epoch) {
        int sod = secondOfDay(epoch);
        return sod >= chargeFrom && sod < chargeTo;
    }

    // ------------------------------------------------------------------------------------------ trajectory

    private int cursor;

    private void stayUntil(long until, boolean in) {
        int end = Math.min(n, (int) ((until - t0) / STEP));
        double x = px[Math.max(0, cursor - 1)];
        double y = py[Math.max(0, cursor - 1)];
        while (cursor < end) {
            px[cursor] = x + rnd.nextDouble(-1, 1);
            py[cursor] = y + rnd.nextDouble(-1, 1);
            indoor[cursor] = in;
            cursor++;
        }
    }

    /** Moves along the street grid (first one axis, then the other) at speed v (m/s). */
    private void moveTo(double[] target, double v) {
        double[] from = here();
        double[] to = toGrid(target);
        double[] corner = rnd.nextBoolean() ? new double[] {to[0], from[1]} : new double[] {from[0], to[1]};
        leg(from, corner, v);
        leg(corner, to, v);
    }

    /** The current true position in the grid frame. */
    private double[] here() {
        return toGrid(new double[] {px[Math.max(0, cursor - 1)], py[Math.max(0, cursor - 1)]});
    }

    /** Walks or rides straight to {@code g} (grid frame). */
    private void go(double[] g, double v) {
        leg(here(), g, v);
    }

    private void leg(double[] a, double[] b, double v) {
        double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        int steps = (int) Math.ceil(len / (v * STEP));
        for (int i = 1; i <= steps && cursor < n; i++) {
            double f = (double) i / steps;
            double gx = a[0] + (b[0] - a[0]) * f;
            double gy = a[1] + (b[1] - a[1]) * f;
            px[cursor] = gx * Math.cos(angle) - gy * Math.sin(angle);
            py[cursor] = gx * Math.sin(angle) + gy * Math.cos(angle);
            indoor[cursor] = false;
            cursor++;
        }
    }

    private long now() {
        return t0 + (long) cursor * STEP;
    }

    private long localDay(int d, double hour) {
        return t0 + d * 86400L + (long) (hour * 3600);
    }

    /** Route frame (u along the first leg, v along the second) to the grid frame. */
    private double[] r(double u, double v) {
        return routeXFirst ? new double[] {u, v} : new double[] {v, u};
    }

    /**
     * The morning commute on the authorised route (home, corner, work), usually as authorised; sometimes with a stop
     * along the way (a real detour far off the corridor, a shallow one, a borderline step just beyond the edge, a
     * quick one, a wait just inside the edge), a parallel street (one block: still inside; further: a deviation) or
     * the other way round the block altogether.
     */
    private void commute(double v) {
        double su = wu >= 0 ? 1 : -1;
        double sv = wv >= 0 ? 1 : -1;
        double x = rnd.nextDouble();
        if (x < 0.04) { // the other way round: by the other corner
            go(r(0, wv), v);
            go(r(wu, wv), v);
            return;
        }
        if (x < 0.12) { // a parallel street, k blocks off
            int k = rnd.nextDouble() < 0.55 ? 1 : 2 + rnd.nextInt(3);
            double side = rnd.nextBoolean() ? 1 : -1;
            go(r(0, side * k * grid), 1.4);
            go(r(wu, side * k * grid), v);
            go(r(wu, wv), v);
            return;
        }
        if (x < 0.34) {
            boolean first = rnd.nextBoolean();
            double f = rnd.nextDouble(0.15, 0.85);
            double[] p = first ? r(snap(f * wu), 0) : r(wu, snap(f * wv));
            // perpendicular to the leg, usually away from the other leg (into the inside of the L at times)
            double[] dir = first ? r(0, -sv) : r(su, 0);
            if (rnd.nextDouble() < 0.2) {
                dir = new double[] {-dir[0], -dir[1]};
            }
            if (!first) {
                go(r(wu, 0), v);
            }
            go(p, v);
            double kind = rnd.nextDouble();
            double depth;
            long stay;
            boolean in = false;
            if (kind < 0.3) { // a real detour: a shop, a friend's house several blocks off
                depth = snap(corridor + rnd.nextDouble(150, 700)) - corridor;
                stay = rnd.nextLong(300, 1800);
                in = rnd.nextDouble() < 0.6;
            } else if (kind < 0.45) { // shallow: a side street one or two blocks beyond the edge
                depth = rnd.nextDouble(55, 140);
                stay = rnd.nextLong(120, 900);
            } else if (kind < 0.65) { // borderline: a kiosk just beyond the edge
                depth = rnd.nextDouble(8, 40);
                stay = rnd.nextLong(120, 900);
                in = rnd.nextBoolean();
            } else if (kind < 0.8) { // quick: a few steps well beyond and straight back
                depth = rnd.nextDouble(55, 85);
                stay = 0;
            } else { // waits just inside the edge (a bus stop): must not alarm
                depth = -rnd.nextDouble(10, 35);
                stay = rnd.nextLong(300, 1500);
            }
            double d = corridor + depth;
            double[] q = new double[] {p[0] + dir[0] * d, p[1] + dir[1] * d};
            go(q, depth > 140 ? v : 1.4);
            stayUntil(now() + stay, in);
            go(p, depth > 140 ? v : 1.4);
            if (first) {
                go(r(wu, 0), v);
            }
            go(r(wu, wv), v);
            return;
        }
        go(r(wu, 0), v);
        go(r(wu, wv), v);
    }

    /** Goes into the victim's workplace zone and stays. */
    private void visitVictimWork(long stay) {
        double[] g = new double[] {vwG[0] + rnd.nextDouble(-0.45, 0.45) * vwHalf,
            vwG[1] + rnd.nextDouble(-0.45, 0.45) * vwHalf};
        moveTo(world(g), 1.4);
        stayUntil(now() + stay, rnd.nextBoolean());
    }

    /** Walks along one side of the victim's workplace zone, just outside it. */
    private void passVictimWork() {
        double side = rnd.nextBoolean() ? 1 : -1;
        double offset = vwHalf + rnd.nextDouble(12, 40);
        double reach = vwHalf + 80;
        boolean alongX = rnd.nextBoolean();
        double[] a = alongX ? new double[] {vwG[0] - reach, vwG[1] + side * offset}
                : new double[] {vwG[0] + side * offset, vwG[1] - reach};
        double[] b = alongX ? new double[] {vwG[0] + reach, vwG[1] + side * offset}
                : new double[] {vwG[0] + side * offset, vwG[1] + reach};
        moveTo(world(a), 1.4);
        go(b, 1.3);
    }

    // ------------------------------------------------------------------------------------------ build

    private Generated build() {
        // 2026-03-02 00:00 Lima .. + days
        long start = Instant.parse("2026-03-02T05:00:00Z").getEpochSecond() + Math.floorMod(seed, 200) * 86400L;
        t0 = start;
        n = (int) (days * 86400L / STEP);
        px = new double[n];
        py = new double[n];
        indoor = new boolean[n];
        vx = new double[n];
        vy = new double[n];
        strapOpen = new boolean[n];
        off = new boolean[n];
        noSky = new boolean[n];
        dead = new boolean[n];
        seen = new boolean[n];
        battery = new double[n];
        charging = new boolean[n];

        home = node(0, 0);
        homeSquare = rnd.nextDouble() < 0.3;
        homeRadius = homeSquare ? rnd.nextDouble(50, 90) : rnd.nextDouble(80, 160);
        work = randomNodeAt(home, 1500, 4000);
        double[] wg = toGrid(work);
        double[] hg = toGrid(home);
        double away = Math.atan2(hg[1] - wg[1], hg[0] - wg[0]) + rnd.nextDouble(-0.6, 0.6);
        double vr = rnd.nextDouble(3500, 5500);
        victimHome = node(hg[0] + vr * Math.cos(away), hg[1] + vr * Math.sin(away));
        victimRadius = rnd.nextDouble(200, 400);
        curfewFrom = (19 + rnd.nextInt(3)) * 3600;
        curfewTo = (5 + rnd.nextInt(2)) * 3600;
        // the authorised route follows the streets: home, one corner, work; a corridor of 115-150 m, so the parallel
        // street one block (100 m) away is still inside it and the one two blocks away is not
        routeXFirst = rnd.nextBoolean();
        wu = snap(routeXFirst ? wg[0] : wg[1]);
        wv = snap(routeXFirst ? wg[1] : wg[0]);
        corridor = Math.round(rnd.nextDouble(115, 150));
        List<double[]> rw = new ArrayList<>();
        for (double[] g : new double[][] {r(0, 0), r(wu, 0), r(wu, wv)}) {
            double[] w = world(g);
            if (rw.isEmpty() || Math.hypot(w[0] - rw.get(rw.size() - 1)[0], w[1] - rw.get(rw.size() - 1)[1]) > 1) {
                rw.add(w);
            }
        }
        if (rw.size() < 2) {
            rw.add(world(r(wu + grid, wv)));
        }
        routeW = rw.toArray(double[][]::new);
        // the victim's workplace: a block 320-480 m across, a few blocks from the person's work, clear of the route
        vwHalf = Math.round(rnd.nextDouble(160, 240));
        for (int k = 0; ; k++) {
            double a = rnd.nextDouble(0, 2 * Math.PI);
            double d = rnd.nextDouble(500, 900) + k * 40;
            vwG = new double[] {snap(wg[0] + d * Math.cos(a)), snap(wg[1] + d * Math.sin(a))};
            double[] c = world(vwG);
            if (routeDistance(c[0], c[1]) - corridor > vwHalf * 1.42 + 150
                    && Math.hypot(vwG[0] - hg[0], vwG[1] - hg[1]) > 1200
                    && Math.hypot(vwG[0] - wg[0], vwG[1] - wg[1]) > vwHalf * 1.42 + 250) {
                break;
            }
        }
        chargeFrom = (20 * 60 + 30 + 30 * rnd.nextInt(3)) * 60; // 20:30, 21:00 or 21:30, for two hours
        chargeTo = chargeFrom + 2 * 3600;
        plugAt = new long[days + 1];
        unplugAt = new long[days + 1];

        px[0] = home[0];
        py[0] = home[1];
        cursor = 1;
        double[] victimMeet = null;
        long meetFrom = 0;
        long meetTo = 0;
        for (int d = 0; d < days; d++) {
            double curfewH = curfewFrom / 3600.0;
            // night breach before dawn (after midnight of this day), sometimes
            if (rnd.nextDouble() < 0.08) {
                nightOut(localDay(d, rnd.nextDouble(0.5, 3.5)));
            } else if (rnd.nextDouble() < 0.12) {
                borderline(localDay(d, rnd.nextDouble(0.5, 4)));
            }
            stayUntil(localDay(d, rnd.nextDouble(6.5, 8.0)), true);
            commute(rnd.nextBoolean() ? 1.4 : 7);
            stayUntil(localDay(d, rnd.nextDouble(12.0, 13.5)), true);
            double lunch = rnd.nextDouble();
            if (lunch < 0.06) { // lunch inside the victim's workplace zone: a breach on weekdays only
                visitVictimWork(rnd.nextLong(300, 2100));
                moveTo(work, 1.4);
            } else if (lunch < 0.3) {
                moveTo(errandNodeAt(work, 200, 600), 1.4);
                stayUntil(now() + rnd.nextLong(1200, 2700), true);
                moveTo(work, 1.4);
            }
            stayUntil(localDay(d, rnd.nextDouble(16.5, 18.0)), true);
            double r = rnd.nextDouble();
            if (r < 0.06) { // exclusion-zone breach: an errand inside the victim's zone
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double[] inside = new double[] {victimHome[0] + victimRadius * 0.3 * Math.cos(a),
                    victimHome[1] + victimRadius * 0.3 * Math.sin(a)};
                moveTo(inside, 7);
                stayUntil(now() + rnd.nextLong(300, 1500), false);
            } else if (r < 0.12 && victimUnit) { // meets the victim away from the victim's home
                double[] shop = errandNodeAt(work, 300, 800);
                moveTo(shop, 1.4);
                victimMeet = shop;
                meetFrom = now() - rnd.nextLong(0, 300);
                stayUntil(now() + rnd.nextLong(600, 1800), false);
                meetTo = now();
            } else if (r < 0.17) { // at the victim's workplace after its hours (18:00): no breach
                stayUntil(localDay(d, rnd.nextDouble(18.1, 18.5)), true);
                visitVictimWork(rnd.nextLong(600, 1800));
            } else if (r < 0.22) { // walks past the victim's workplace, just outside it
                passVictimWork();
            } else if (r < 0.6) { // ordinary errand
                double[] shop = errandNodeAt(rnd.nextBoolean() ? work : home, 300, 900);
                moveTo(shop, 1.4);
                stayUntil(now() + rnd.nextLong(600, 1800), true);
            }
            moveTo(home, rnd.nextBoolean() ? 1.4 : 7);
            long homeBy = localDay(d, curfewH - rnd.nextDouble(0.3, 2.5));
            if (now() < homeBy) {
                if (rnd.nextDouble() < 0.5) { // evening walk near home, back before curfew
                    stayUntil(now() + rnd.nextLong(600, 3600), true);
                    double[] park = randomNodeAt(home, 300, 600);
                    moveTo(park, 1.3);
                    stayUntil(now() + rnd.nextLong(300, 900), false);
                    moveTo(home, 1.3);
                }
            }
            if (rnd.nextDouble() < 0.08) { // late return: away at curfew start
                double[] bar = randomNodeAt(home, 400, 1200);
                moveTo(bar, 1.4);
                stayUntil(localDay(d, curfewH + rnd.nextDouble(0.2, 1.0)), true);
                moveTo(home, 1.4);
            }
            if (rnd.nextDouble() < 0.08) {
                nightOut(localDay(d, curfewH + rnd.nextDouble(0.5, 3.0)));
            } else if (rnd.nextDouble() < 0.15) {
                borderline(localDay(d, curfewH + rnd.nextDouble(0.5, 3.0)));
            }
            stayUntil(localDay(d + 1, 0), true);
            planCharging(d);
            if (rnd.nextDouble() < 0.05) {
                long ts = localDay(d, rnd.nextDouble(8, 22));
                long te = ts + rnd.nextLong(300, 2400);
                mark(strapOpen, ts, te);
            }
            if (rnd.nextDouble() < 0.06) {
                long ts = localDay(d, rnd.nextDouble(1, 23));
                mark(off, ts, ts + rnd.nextLong(2400, 9000));
            }
            // no satellites indoors: a basement storeroom at work (long or short), an inner room at home at night
            double sky = rnd.nextDouble();
            if (sky < 0.07) {
                long ts = localDay(d, rnd.nextDouble(9.0, 14.0));
                mark(noSky, ts, ts + rnd.nextLong(2100, 9000));
            } else if (sky < 0.17) {
                long ts = localDay(d, rnd.nextDouble(9.0, 15.0));
                mark(noSky, ts, ts + rnd.nextLong(600, 1700));
            }
            if (rnd.nextDouble() < 0.04) {
                long ts = localDay(d, rnd.nextDouble(22.0, 23.5));
                mark(noSky, ts, ts + rnd.nextLong(1500, 5400));
            }
        }
        stayUntil(t0 + (long) n * STEP, true);

        // victim
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            if (victimMeet != null && t >= meetFrom && t < meetTo) {
                vx[i] = victimMeet[0] + 20;
                vy[i] = victimMeet[1] + 10;
            } else {
                vx[i] = victimHome[0] + 30 * Math.sin(i / 500.0);
                vy[i] = victimHome[1] + 30 * Math.cos(i / 700.0);
            }
        }
        batteryAndCharging();
        if (harsh) {
            harshTraits();
            presence();
        }
        return emit();
    }

    /**
     * The day's charging habit: usually plugged in around the window's start and unplugged after it; sometimes late
     * (near the grace period, or well after it), unplugged early, or forgotten altogether.
     */
    private void planCharging(int d) {
        long ws = localDay(d, chargeFrom / 3600.0);
        long we = localDay(d, chargeTo / 3600.0);
        double p = rnd.nextDouble();
        if (p < 0.07) {
            plugAt[d] = Long.MAX_VALUE;
            unplugAt[d] = Long.MAX_VALUE;
            return;
        }
        long delay = p < 0.75 ? rnd.nextLong(-900, 480) : p < 0.85 ? rnd.nextLong(480, 840)
                : p < 0.92 ? rnd.nextLong(840, 1560) : rnd.nextLong(1560, 4800);
        plugAt[d] = ws + delay;
        unplugAt[d] = rnd.nextDouble() < 0.1 ? we - rnd.nextLong(300, 4200) : we + rnd.nextLong(0, 1800);
        unplugAt[d] = Math.max(unplugAt[d], plugAt[d] + 600);
    }

    /**
     * Battery: drains ~2.2 %/h indoors, 3.2 %/h outdoors; charges at 35 %/h while plugged in (the tag reports charging
     * while on its charger, also when full). Plugged in at home as the day's habit says; a responsive person also
     * plugs in when the tag warns of a low battery (at home, or anywhere with a power bank). An empty tag is dead —
     * no fixes, no messages — until it is plugged in again.
     */
    private void batteryAndCharging() {
        double b = rnd.nextDouble(70, 100);
        boolean responsive = rnd.nextDouble() < 0.5;
        boolean powerBank = rnd.nextDouble() < 0.3;
        double react = rnd.nextDouble(8, 12);
        long reactUntil = Long.MIN_VALUE;
        boolean isDead = false;
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            int day = (int) ((t - t0) / 86400);
            boolean atHome = homeDepth(px[i], py[i]) <= 0;
            if (responsive && b < react && t >= reactUntil && (atHome || powerBank)) {
                reactUntil = t + rnd.nextLong(3600, 7200);
            }
            boolean planned = t >= plugAt[day] && t < unplugAt[day];
            boolean plugged = planned && atHome || t < reactUntil && (atHome || powerBank);
            if (plugged) {
                isDead = false;
                b = Math.min(100, b + 35.0 * STEP / 3600);
            } else if (!isDead) {
                b -= (indoor[i] ? 2.2 : 3.2) * STEP / 3600;
                if (b <= 0) {
                    b = 0;
                    isDead = true;
                }
            }
            charging[i] = plugged;
            dead[i] = isDead;
            battery[i] = b;
        }
    }
    // ------------------------------------------------------------------------------------------ harsh profile

    /** What a tag says of a fix's quality: metres, or (as Teltonika and GT06 do) HDOP and satellites, or satellites. */
    private enum Quality { ACCURACY, HDOP_SATELLITES, SATELLITES }

    /** The home's presence equipment. */
    private enum HomeKit { NONE, IBEACON, EDDYSTONE, RF_UNIT }

    /** A displaced home unit or beacon: more than this from where it was installed. */
    static final double MOVED_M = 100;

    private double multipathShare;
    private double driftPerHour;
    private double lossPerHour;
    private double outagePerHour;
    /** Seconds between reports of a fixed-rate tag; 0 = on motion (as the standard profile). */
    private int reportEvery;
    private Quality quality = Quality.ACCURACY;
    private HomeKit kit = HomeKit.NONE;
    // home presence, per step of the true timeline
    private double kitRange;
    private double missRate;
    private double kitHomeX;
    private double kitHomeY;
    private double[] kitX;
    private double[] kitY;
    /** The beacon has power / the home unit can listen and report (mains, or its backup battery not yet empty). */
    private boolean[] kitPowered;
    private boolean[] mainsOff;
    private double[] backup;
    private boolean[] tilt;
    /** The tag and the beacon or home unit are within radio range of each other, and it is powered. */
    private boolean[] hearable;
    /** The scan of this step heard it (a scan can miss). */
    private boolean[] scanHit;
    private short[] rssi;
    private String beaconId;
    private String[] foreignBeacons;

    /** The device's draws of the harsh conditions (documented in docs/alarm-quality.md). */
    private void harshTraits() {
        multipathShare = hr.nextDouble(0.05, 0.09);
        driftPerHour = hr.nextDouble(0.1, 0.3);
        lossPerHour = hr.nextDouble(0.3, 0.7);
        outagePerHour = hr.nextDouble(0.02, 0.05);
        double r = hr.nextDouble();
        reportEvery = r < 0.2 ? 15 : r < 0.45 ? 30 : r < 0.7 ? 60 : 0;
        double q = hr.nextDouble();
        quality = q < 0.25 ? Quality.HDOP_SATELLITES : q < 0.4 ? Quality.SATELLITES : Quality.ACCURACY;
        double k = hr.nextDouble();
        kit = k < 0.3 ? HomeKit.IBEACON : k < 0.45 ? HomeKit.EDDYSTONE : k < 0.75 ? HomeKit.RF_UNIT : HomeKit.NONE;
    }

    private Traits traits() {
        String home = switch (kit) {
            case NONE -> "none";
            case IBEACON -> "iBeacon";
            case EDDYSTONE -> "Eddystone";
            case RF_UNIT -> "RF home unit";
        };
        return new Traits(reportEvery == 0 ? "on motion" : "every " + reportEvery + " s",
                quality == Quality.ACCURACY ? "accuracy" : quality == Quality.HDOP_SATELLITES ? "hdop+satellites"
                        : "satellites", home);
    }

    /**
     * The home's radio evidence, step by step: where the beacon or home unit is (installed a few metres from the home
     * node; a beacon taken along on a night out; a home unit moved to another address), whether it has power (a beacon
     * left unpowered; a home unit unplugged or in a power cut, on its backup battery until that is empty), whether it
     * is within range of the tag (the person moves between rooms, sometimes to a patio or roof terrace beyond the
     * range but inside the home zone) and whether each scan heard it.
     */
    private void presence() {
        if (kit == HomeKit.NONE) {
            return;
        }
        boolean rf = kit == HomeKit.RF_UNIT;
        kitRange = rf ? hr.nextDouble(30, 50) : hr.nextDouble(12, 25);
        missRate = rf ? hr.nextDouble(0.02, 0.1) : hr.nextDouble(0.05, 0.25);
        double a0 = hr.nextDouble(0, 2 * Math.PI);
        double off = hr.nextDouble(0, 6);
        kitHomeX = home[0] + off * Math.cos(a0);
        kitHomeY = home[1] + off * Math.sin(a0);
        beaconId = kit == HomeKit.IBEACON ? iBeaconId() : eddystoneId();
        foreignBeacons = new String[3];
        for (int k = 0; k < foreignBeacons.length; k++) {
            foreignBeacons[k] = hr.nextBoolean() ? iBeaconId() : eddystoneId();
        }
        kitX = new double[n];
        kitY = new double[n];
        java.util.Arrays.fill(kitX, kitHomeX);
        java.util.Arrays.fill(kitY, kitHomeY);
        kitPowered = new boolean[n];
        java.util.Arrays.fill(kitPowered, true);
        mainsOff = new boolean[n];
        backup = new double[n];
        tilt = new boolean[n];
        hearable = new boolean[n];
        scanHit = new boolean[n];
        rssi = new short[n];
        boolean[] unpowered = new boolean[n];
        for (int d = 0; d < days; d++) {
            if (!rf) {
                if (hr.nextDouble() < 0.06) { // the beacon unplugged or its battery flat, until someone notices
                    long from = localDay(d, hr.nextDouble(0, 24));
                    mark(unpowered, from, from + hr.nextLong(3 * 3600, 30 * 3600));
                }
                continue;
            }
            if (hr.nextDouble() < 0.05) { // the home unit unplugged
                long from = localDay(d, hr.nextDouble(0, 24));
                mark(mainsOff, from, from + hr.nextLong(1200, 20 * 3600));
            }
            if (hr.nextDouble() < 0.08) { // a power cut in the district
                long from = localDay(d, hr.nextDouble(0, 24));
                mark(mainsOff, from, from + hr.nextLong(60, 1800));
            }
            if (hr.nextDouble() < 0.03) { // the home unit taken to another address, and brought back
                long from = localDay(d, hr.nextDouble(0, 24));
                long to = from + hr.nextLong(6 * 3600, 48 * 3600);
                double a = hr.nextDouble(0, 2 * Math.PI);
                double r = hr.nextDouble(500, 3000);
                for (long t = from; t < to; t += STEP) {
                    int i = (int) ((t - t0) / STEP);
                    if (i >= 0 && i < n) {
                        kitX[i] = kitHomeX + r * Math.cos(a);
                        kitY[i] = kitHomeY + r * Math.sin(a);
                    }
                }
            }
            if (hr.nextDouble() < 0.05) { // lifted while cleaning: the tilt sensor fires, the unit stays in place
                int i = (int) ((localDay(d, hr.nextDouble(0, 24)) - t0) / STEP);
                if (i >= 0 && i < n) {
                    tilt[i] = true;
                }
            }
        }
        if (rf) { // a backup battery of 4-8 h, recharged in 4 h on mains
            double capacity = hr.nextDouble(4, 8) * 3600;
            double left = capacity;
            for (int i = 0; i < n; i++) {
                left = mainsOff[i] ? Math.max(0, left - STEP) : Math.min(capacity, left + STEP * capacity / (4 * 3600));
                backup[i] = left / capacity;
                kitPowered[i] = left > 0;
            }
        } else {
            for (int i = 0; i < n; i++) {
                kitPowered[i] = !unpowered[i];
            }
            // on a quarter of the nights out of 10 minutes or more, the beacon goes along in a pocket
            eachRun(i -> curfew(t0 + (long) i * STEP) && homeDepth(px[i], py[i]) > 0, (i, j) -> {
                if ((j - i) * STEP >= 600 && hr.nextDouble() < 0.25) {
                    for (int k = i; k < j; k++) {
                        kitX[k] = px[k];
                        kitY[k] = py[k];
                    }
                }
            });
        }
        double ox = 0;
        double oy = 0;
        long nextRoom = 0;
        double inner = homeRadius - 15; // the home zone's inner reach from the home node (circle radius, square half)
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            boolean atHome = indoor[i] && homeDepth(px[i], py[i]) <= 0;
            if (!atHome) {
                ox = 0;
                oy = 0;
                nextRoom = 0;
            } else if (t >= nextRoom) { // another room; now and then, by day or in the evening, the roof terrace
                double a = hr.nextDouble(0, 2 * Math.PI);
                double r = hr.nextDouble(0, 8);
                int hour = secondOfDay(t) / 3600;
                double terrace = hour >= 7 && hour < 23 ? 0.1 : 0.005;
                if (hr.nextDouble() < terrace && inner > kitRange + 10) {
                    r = hr.nextDouble(kitRange + 5, Math.min(kitRange + 25, inner));
                }
                ox = r * Math.cos(a);
                oy = r * Math.sin(a);
                nextRoom = t + hr.nextLong(300, 1801);
            }
            double d = Math.hypot(px[i] + ox - kitX[i], py[i] + oy - kitY[i]);
            hearable[i] = kitPowered[i] && d <= kitRange;
            double miss = missRate + (d > 0.8 * kitRange ? 0.3 : 0);
            scanHit[i] = hearable[i] && hr.nextDouble() >= miss;
            rssi[i] = (short) Math.round(-59 - 25 * Math.log10(Math.max(1, d)) + hr.nextGaussian() * 4);
        }
    }

    private String iBeaconId() {
        return String.format(Locale.ROOT, "ibeacon:%016x%016x:%d:%d", hr.nextLong(), hr.nextLong(),
                hr.nextInt(1, 65536), hr.nextInt(1, 65536));
    }

    private String eddystoneId() {
        return String.format(Locale.ROOT, "eddystone:%04x%016x:%012x", hr.nextInt(65536), hr.nextLong(),
                hr.nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    /**
     * The beacon a BLE tag reports with the fix taken at step {@code to}: the strongest heard by the scans since the
     * previous fix (at most the last 10 minutes), else now and then a neighbour's or a shop's beacon, else none.
     */
    private Map<String, Object> beaconHeard(int from, int to) {
        if (kit != HomeKit.IBEACON && kit != HomeKit.EDDYSTONE) {
            return null;
        }
        int best = -1;
        for (int k = Math.max(from + 1, to - 60); k <= to; k++) {
            if (scanHit[k] && (best < 0 || rssi[k] > rssi[best])) {
                best = k;
            }
        }
        if (best >= 0) {
            return Map.of(HomePresence.BEACON_ID_IO, beaconId, HomePresence.BEACON_RSSI_IO, (long) rssi[best]);
        }
        if (hr.nextDouble() < 0.08) {
            return Map.of(HomePresence.BEACON_ID_IO, foreignBeacons[hr.nextInt(foreignBeacons.length)],
                    HomePresence.BEACON_RSSI_IO, (long) (-70 - hr.nextInt(25)));
        }
        return null;
    }

    /**
     * The home unit's reports: every 5 minutes, and at once when it starts or stops hearing the tag (heard by one of
     * its last three scans), loses or regains mains power, or its tilt sensor fires; its own position from Wi-Fi
     * (30-80 m); nothing while it has no power at all.
     */
    private List<Fix> homeUnitReports() {
        if (kit != HomeKit.RF_UNIT) {
            return List.of();
        }
        List<Fix> out = new ArrayList<>();
        long lastReport = Long.MIN_VALUE;
        Boolean lastIn = null;
        boolean lastMains = true;
        boolean tiltPending = false;
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            tiltPending |= tilt[i];
            if (!kitPowered[i]) {
                lastIn = null;
                continue;
            }
            boolean in = scanHit[i] || i > 0 && scanHit[i - 1] || i > 1 && scanHit[i - 2];
            boolean mains = !mainsOff[i];
            if (lastIn == null || in != lastIn || mains != lastMains || tiltPending || t - lastReport >= 300) {
                double a = hr.nextDouble(0, 2 * Math.PI);
                double r = Math.abs(hr.nextGaussian()) * 25;
                Instant at = Instant.ofEpochSecond(t);
                out.add(new Fix(null, at, at, lat(kitY[i] + r * Math.sin(a)), lon(kitX[i] + r * Math.cos(a)), null,
                        null, null, null, null, (double) Math.round(hr.nextDouble(30, 80)), true,
                        Fix.PositionSource.WIFI, (int) Math.round(backup[i] * 100), null, mains, null, null,
                        Map.of(HomePresence.UNIT_TAG_IN_RANGE_IO, in, HomePresence.UNIT_MAINS_IO, mains,
                                HomePresence.UNIT_TILT_IO, tiltPending)));
                lastReport = t;
                lastIn = in;
                lastMains = mains;
                tiltPending = false;
            }
        }
        return out;
    }

    /**
     * Labels of the home-presence kinds. {@link PresenceLabel#LOST}: during the curfew the tag and the beacon or home
     * unit could not hear each other (out of range, or no power) for the limit + one resting report interval (5 min)
     * or more; within that margin of the limit, or while the tag was flat, don't care; shorter, and every silence made
     * only of missed scans, must not alarm. {@link PresenceLabel#UNPOWERED}: the home unit off mains for 5 min or more
     * (shorter: don't care); a BLE beacon cannot say it lost power, so its unpowered hours are don't care.
     * {@link PresenceLabel#MOVED}: the beacon or unit more than 100 m from where it was installed for 2 min or more;
     * 20-100 m, don't care; a tilt without displacement must not alarm. Returns the plan's home presence.
     */
    private HomePresence presenceTruth(List<PresenceLabel> violations, List<PresenceLabel> dontCare) {
        if (kit == HomeKit.NONE) {
            return null;
        }
        int lostMinutes = HomePresence.DEFAULT_LOST_MINUTES;
        long limit = lostMinutes * 60L;
        eachRun(i -> curfew(t0 + (long) i * STEP) && !hearable[i], (i, j) -> {
            long secs = (long) (j - i) * STEP;
            boolean blind = false;
            for (int k = i; k < j; k++) {
                blind |= dead[k];
            }
            PresenceLabel l = presenceLabel(PresenceLabel.LOST, i, j);
            if (!blind && secs >= limit + REPORT_S) {
                violations.add(l);
            } else if (secs >= limit - REPORT_S) {
                dontCare.add(l);
            }
        });
        if (kit == HomeKit.RF_UNIT) {
            eachRun(i -> mainsOff[i], (i, j) -> ((long) (j - i) * STEP >= 300 ? violations : dontCare)
                    .add(presenceLabel(PresenceLabel.UNPOWERED, i, j)));
        } else {
            eachRun(i -> !kitPowered[i], (i, j) -> dontCare.add(presenceLabel(PresenceLabel.UNPOWERED, i, j)));
        }
        eachRun(i -> Math.hypot(kitX[i] - kitHomeX, kitY[i] - kitHomeY) > 20, (i, j) -> {
            double max = 0;
            for (int k = i; k < j; k++) {
                max = Math.max(max, Math.hypot(kitX[k] - kitHomeX, kitY[k] - kitHomeY));
            }
            ((long) (j - i) * STEP >= 120 && max > MOVED_M ? violations : dontCare)
                    .add(presenceLabel(PresenceLabel.MOVED, i, j));
        });
        violations.sort(Comparator.comparing(PresenceLabel::start));
        dontCare.sort(Comparator.comparing(PresenceLabel::start));
        HomePresence.Kind kind = kit == HomeKit.RF_UNIT ? HomePresence.Kind.RF_HOME_UNIT
                : HomePresence.Kind.BLE_BEACON;
        return new HomePresence(kind, kind == HomePresence.Kind.BLE_BEACON ? beaconId : null, lat(kitHomeY),
                lon(kitHomeX), lostMinutes, "home");
    }

    private PresenceLabel presenceLabel(String type, int from, int to) {
        return new PresenceLabel(type, Instant.ofEpochSecond(t0 + (long) from * STEP),
                Instant.ofEpochSecond(t0 + (long) to * STEP));
    }

    /** Probability of an event with {@code perHour} occurrences per hour within {@code seconds}. */
    private static double chance(double perHour, double seconds) {
        return 1 - Math.exp(-perHour * seconds / 3600);
    }

    private boolean moving(int i) {
        return i + 6 < n && Math.hypot(px[i + 6] - px[i], py[i + 6] - py[i]) > 20;
    }

    private void mark(boolean[] a, long from, long to) {
        for (long t = from; t < to; t += STEP) {
            int i = (int) ((t - t0) / STEP);
            if (i >= 0 && i < n) {
                a[i] = true;
            }
        }
    }

    private void nightOut(long at) {
        stayUntil(at, true);
        double[] dest = randomNodeAt(home, 300, 900);
        moveTo(dest, rnd.nextBoolean() ? 1.4 : 6);
        stayUntil(now() + rnd.nextLong(120, 2400), rnd.nextBoolean());
        moveTo(home, 1.4);
    }

    private void borderline(long at) {
        stayUntil(at, true);
        double a = rnd.nextDouble(0, 2 * Math.PI);
        double ext = rnd.nextDouble(15, 40);
        boolean quick = rnd.nextBoolean();
        double r = homeRadius + (quick ? rnd.nextDouble(40, 100) : ext);
        double[] p = new double[] {home[0] + r * Math.cos(a), home[1] + r * Math.sin(a)};
        leg(toGrid(new double[] {px[cursor - 1], py[cursor - 1]}), toGrid(p), 1.5);
        stayUntil(now() + (quick ? 0 : rnd.nextLong(120, 900)), false);
        leg(toGrid(new double[] {px[cursor - 1], py[cursor - 1]}), toGrid(home), 1.5);
    }

    // ------------------------------------------------------------------------------------------ device and truth

    private Generated emit() {
        List<Fix> fixes = new ArrayList<>();
        List<Fix> late = new ArrayList<>();
        GpsError error = harsh ? new GpsError(GpsError.burstChanceFor(multipathShare), 100, 450, 0.75)
                : new GpsError();
        long lbsUntil = 0;
        // the harsh profile's own conditions: slow drifts, lost fixes (cell positions or none), long outages
        long driftFrom = 0;
        long driftUntil = 0;
        double driftDx = 0;
        double driftDy = 0;
        long lossUntil = 0;
        boolean lossCell = false;
        long nextCellAt = 0;
        double lossX = 0;
        double lossY = 0;
        long previous = -1;
        int previousStep = -1;
        double lbsX = 0;
        double lbsY = 0;
        long bufferUntil = 0;
        long invalidUntil = 0;
        double lastGoodX = home[0];
        double lastGoodY = home[1];
        int pursuit = 0;
        boolean lbsIndoor = false;
        long outSince = -1;
        long t = t0 + rnd.nextLong(0, 60);
        long end = t0 + (long) n * STEP;
        while (t < end) {
            int i = (int) ((t - t0) / STEP);
            if (dead[i]) { // flat battery: nothing is logged or sent until it is plugged in
                t += STEP;
                continue;
            }
            boolean moving = moving(i);
            if (indoor[i]) {
                outSince = -1;
            } else if (outSince < 0) {
                outSince = t;
            }
            double x = px[i];
            double y = py[i];
            boolean valid = true;
            Fix.PositionSource src = Fix.PositionSource.GPS;
            error.next(indoor[i], moving, rnd);
            double ex = error.dx();
            double ey = error.dy();
            double acc = error.accuracy();
            double sinceLast = previous < 0 ? 0 : t - previous;
            boolean lost = false;
            if (harsh) {
                // a slow drift indoors: the fixes wander 30-90 m away and back over 4-15 minutes, the accuracy
                // admitting a fraction of it
                if (!indoor[i]) {
                    driftUntil = Math.min(driftUntil, t);
                } else if (t >= driftUntil && hr.nextDouble() < chance(driftPerHour, sinceLast)) {
                    driftFrom = t;
                    driftUntil = t + hr.nextLong(240, 901);
                    double a = hr.nextDouble(0, 2 * Math.PI);
                    double r = hr.nextDouble(30, 90);
                    driftDx = r * Math.cos(a);
                    driftDy = r * Math.sin(a);
                }
                if (t < driftUntil) {
                    double k = Math.sin(Math.PI * (t - driftFrom) / (double) (driftUntil - driftFrom));
                    ex += driftDx * k;
                    ey += driftDy * k;
                    acc = Math.max(acc, hr.nextDouble(12, 30));
                }
                // the fix lost for 2-60 min (log-uniform): the cell position instead (70 %), or no fix
                if (t >= lossUntil && hr.nextDouble() < chance(lossPerHour, sinceLast)) {
                    lossUntil = t + (long) Math.exp(hr.nextDouble(Math.log(120), Math.log(3600)));
                    lossCell = hr.nextDouble() < 0.7;
                    nextCellAt = t;
                }
                lost = t < lossUntil;
                if (lost && lossCell && t >= nextCellAt) { // another serving cell every 2-8 minutes
                    double a = hr.nextDouble(0, 2 * Math.PI);
                    double r = hr.nextDouble(250, 1500);
                    lossX = x + r * Math.cos(a);
                    lossY = y + r * Math.sin(a);
                    nextCellAt = t + hr.nextLong(120, 480);
                }
            }
            if (indoor[i]) {
                if (t >= invalidUntil && rnd.nextDouble() < 0.01) {
                    invalidUntil = t + rnd.nextLong(300, 1800); // basement: no fix, repeats the last position
                }
                if (t < invalidUntil || noSky[i]) {
                    valid = false;
                }
                if (noSky[i] && t >= lbsUntil && rnd.nextDouble() < 0.3) { // no satellites: the cell position
                    lbsIndoor = true;
                    lbsUntil = t + rnd.nextLong(60, 900);
                    double a = rnd.nextDouble(0, 2 * Math.PI);
                    double r = rnd.nextDouble(250, 1000);
                    lbsX = x + r * Math.cos(a);
                    lbsY = y + r * Math.sin(a);
                }
            }
            if (t >= lbsUntil && rnd.nextDouble() < 0.01) {
                // cell fallback: long indoors (no sky), a minute or two outdoors (urban canyon)
                lbsIndoor = indoor[i];
                lbsUntil = t + (indoor[i] ? rnd.nextLong(120, 1200) : rnd.nextLong(60, 180));
                double a = rnd.nextDouble(0, 2 * Math.PI);
                double r = rnd.nextDouble(250, 1000);
                lbsX = x + r * Math.cos(a);
                lbsY = y + r * Math.sin(a);
            }
            if (lbsIndoor && outSince >= 0 && t < lbsUntil) {
                lbsUntil = Math.min(lbsUntil, outSince + 60); // outdoors the receiver reacquires within a minute
            }
            double fx = x + ex;
            double fy = y + ey;
            if (lost) {
                if (lossCell) {
                    src = Fix.PositionSource.LBS;
                    valid = hr.nextBoolean();
                    fx = lossX;
                    fy = lossY;
                    acc = hr.nextDouble(300, 1500);
                } else {
                    valid = false;
                    fx = lastGoodX;
                    fy = lastGoodY;
                }
            } else if (t < lbsUntil) {
                src = Fix.PositionSource.LBS;
                valid = rnd.nextBoolean();
                fx = lbsX;
                fy = lbsY;
                acc = rnd.nextDouble(300, 1100);
            } else if (!valid) {
                fx = lastGoodX;
                fy = lastGoodY;
            } else {
                lastGoodX = fx;
                lastGoodY = fy;
            }
            int bat = (int) Math.round(battery[i] + rnd.nextGaussian() * 0.4);
            bat = Math.max(0, Math.min(100, bat));
            long received = t;
            if (t >= bufferUntil && rnd.nextDouble() < 0.0015) {
                bufferUntil = t + rnd.nextLong(300, 1200); // a short comm loss: fixes buffered, uploaded late
            }
            if (harsh && t >= bufferUntil && hr.nextDouble() < chance(outagePerHour, sinceLast)) {
                // no coverage for 5 min to 2 h (log-uniform): the backlog arrives up to two hours late
                bufferUntil = t + (long) Math.exp(hr.nextDouble(Math.log(300), Math.log(7200)));
            }
            seen[i] |= valid && src == Fix.PositionSource.GPS;
            boolean buffered = t < bufferUntil || off[i]; // out of coverage: the tag keeps logging
            Double accuracy = (double) Math.round(acc * 10) / 10;
            Integer satellites = null;
            Double hdop = null;
            Map<String, Object> io = null;
            if (harsh) {
                if (quality != Quality.ACCURACY) { // the tag says how many satellites (and the HDOP), not metres
                    boolean gpsFix = valid && src == Fix.PositionSource.GPS;
                    satellites = !gpsFix ? 0 : indoor[i] ? 4 + hr.nextInt(4) : 7 + hr.nextInt(6);
                    if (quality == Quality.HDOP_SATELLITES && gpsFix) {
                        hdop = Math.round(Math.max(0.6, Math.min(20, acc / 5 * hr.nextDouble(0.8, 1.25))) * 10) / 10.0;
                    }
                    accuracy = null;
                }
                io = beaconHeard(previousStep, i);
            }
            previous = t;
            previousStep = i;
            Fix f = new Fix(null, Instant.ofEpochSecond(t), Instant.ofEpochSecond(received), lat(fy), lon(fx), null,
                    null, null, satellites, hdop, accuracy, valid, src, bat, null, charging[i],
                    strapOpen[i] ? Fix.StrapState.OPEN : Fix.StrapState.CLOSED, null, io);
            if (buffered) {
                late.add(f);
            } else {
                if (!late.isEmpty()) { // the backlog arrives after the first live fix
                    fixes.add(f);
                    for (Fix l : late) {
                        fixes.add(l.withServerTime(Instant.ofEpochSecond(t + 1)));
                    }
                    late.clear();
                    f = null;
                }
                if (f != null) {
                    fixes.add(f);
                }
            }
            // the tag knows its zones and route: a fix on the wrong side switches it to pursuit reporting
            boolean rawOut = src == Fix.PositionSource.GPS && (homeDepth(fx, fy) > 0 && curfew(t)
                    || victimDepth(fx, fy) > -100 || victimUnit && Math.hypot(fx - vx[i], fy - vy[i]) < 600
                    || routeWindow(t) && routeDistance(fx, fy) > corridor
                    || victimWorkHours(t) && victimWorkDepth(fx, fy) > -100);
            pursuit = rawOut ? 5 : Math.max(0, pursuit - 1);
            boolean strapEdge = i + 1 < n && strapOpen[i + 1] != strapOpen[i];
            long dt = moving || pursuit > 0 ? 60 : 300;
            boolean fixedRate = harsh && reportEvery > 0;
            if (fixedRate) {
                dt = reportEvery;
            }
            if (strapEdge) {
                dt = STEP;
            }
            // a strap or charger state change is reported at once; the accelerometer wakes a resting tag when motion
            // starts
            for (int k = 1; k * STEP < dt && i + k < n; k++) {
                if (strapOpen[i + k] != strapOpen[i] || off[i + k] != off[i] || charging[i + k] != charging[i]) {
                    dt = k * STEP;
                    break;
                }
                if (!fixedRate && !moving && moving(i + k)) {
                    dt = Math.min(dt, k * STEP + 30);
                    break;
                }
            }
            t += dt + rnd.nextLong(-2, 3);
        }
        List<Fix> victimFixes = new ArrayList<>();
        if (victimUnit) {
            for (int i = 0; i < n; i += 6) {
                long vt = t0 + (long) i * STEP + 3;
                victimFixes.add(new Fix(null, Instant.ofEpochSecond(vt), Instant.ofEpochSecond(vt),
                        lat(vy[i] + rnd.nextGaussian() * 6), lon(vx[i] + rnd.nextGaussian() * 6), null, null, null,
                        null, null, 8.0, true, Fix.PositionSource.GPS, null, null, null, null, null, null));
            }
        }
        return label(fixes, victimFixes);
    }

    private Generated label(List<Fix> fixes, List<Fix> victimFixes) {
        List<Scorer.Interval> violations = new ArrayList<>();
        List<Scorer.Interval> dontCare = new ArrayList<>();
        List<Scorer.Interval> qualifying = new ArrayList<>();
        double[] homeD = new double[n];
        double[] exD = new double[n];
        double[] workD = new double[n];
        double[] routeD = new double[n];
        double[] viD = new double[n];
        double[] preD = new double[n];
        boolean[] low = new boolean[n];
        boolean[] atThreshold = new boolean[n];
        boolean[] critical = new boolean[n];
        boolean[] atCritical = new boolean[n];
        boolean[] notCharging = new boolean[n];
        boolean[] deadInWindow = new boolean[n];
        for (int i = 0; i < n; i++) {
            long t = t0 + (long) i * STEP;
            homeD[i] = curfew(t) ? homeDepth(px[i], py[i]) : -1;
            exD[i] = victimDepth(px[i], py[i]);
            workD[i] = victimWorkHours(t) ? victimWorkDepth(px[i], py[i]) : -1;
            routeD[i] = routeWindow(t) ? routeDistance(px[i], py[i]) - corridor : -1;
            double dv = Math.hypot(px[i] - vx[i], py[i] - vy[i]);
            viD[i] = victimUnit ? PROXIMITY_M - dv : -1;
            preD[i] = victimUnit ? PROXIMITY_M + PRE_ALERT_M - dv : -1;
            // as the device reports it (whole percent): below the threshold once the true level rounds below it; the
            // gauge reading the threshold itself, or flickering down to it from one point above (σ 0.4), is
            // borderline, as in the shared scenarios
            low[i] = battery[i] < 14.5 && !charging[i];
            atThreshold[i] = battery[i] >= 14.5 && battery[i] < 16.5 && !charging[i];
            critical[i] = battery[i] < CRITICAL_PERCENT - 0.5 && !charging[i];
            atCritical[i] = battery[i] >= CRITICAL_PERCENT - 0.5 && battery[i] < CRITICAL_PERCENT + 1.5
                    && !charging[i];
            boolean window = chargeWindow(t);
            notCharging[i] = window && !charging[i] && !dead[i];
            deadInWindow[i] = window && dead[i];
        }
        runs(homeD, AlarmType.INCLUSION_ZONE, "home", violations, dontCare, qualifying);
        runs(exD, AlarmType.EXCLUSION_ZONE, "victim-home", violations, dontCare, qualifying);
        runs(workD, AlarmType.EXCLUSION_ZONE, "victim-work", violations, dontCare, qualifying);
        runs(routeD, AlarmType.ROUTE_DEVIATION, "home-work", violations, dontCare, qualifying);
        if (victimUnit) {
            runs(viD, AlarmType.VICTIM_PROXIMITY, null, violations, dontCare, qualifying);
            runs(preD, AlarmType.VICTIM_PRE_ALERT, null, violations, dontCare, qualifying);
        }
        boolean[] strapSeen = new boolean[n];
        boolean[] strapUnseen = new boolean[n];
        for (int i = 0; i < n; i++) {
            strapSeen[i] = strapOpen[i] && !dead[i];
            strapUnseen[i] = strapOpen[i] && dead[i]; // a dead tag reports nothing: the silence is raised instead
        }
        flags(strapSeen, AlarmType.STRAP_TAMPER, violations, qualifying);
        flags(strapUnseen, AlarmType.STRAP_TAMPER, dontCare, new ArrayList<>());
        flags(low, AlarmType.LOW_BATTERY, violations, qualifying);
        flags(atThreshold, AlarmType.LOW_BATTERY, dontCare, new ArrayList<>());
        flags(critical, AlarmType.BATTERY_CRITICAL, violations, qualifying);
        flags(atCritical, AlarmType.BATTERY_CRITICAL, dontCare, new ArrayList<>());
        notCharging(notCharging, violations, dontCare, qualifying);
        // a dead tag cannot say whether it is charging: the silence is what is reported
        flags(deadInWindow, AlarmType.NOT_CHARGING, dontCare, new ArrayList<>());
        // silence: arrival gaps longer than 30 min
        List<Instant> arrivals = new ArrayList<>();
        for (Fix f : fixes) {
            arrivals.add(f.serverTime());
        }
        arrivals.sort(null);
        for (int i = 1; i < arrivals.size(); i++) {
            long gap = arrivals.get(i).getEpochSecond() - arrivals.get(i - 1).getEpochSecond();
            if (gap > 1800) {
                Scorer.Interval v = new Scorer.Interval(AlarmType.NO_COMMUNICATION, null, arrivals.get(i - 1),
                        arrivals.get(i));
                violations.add(v);
                qualifying.add(v);
            } else if (gap >= 1790) { // the limit to within the devices' clock jitter: either way is right
                dontCare.add(new Scorer.Interval(AlarmType.NO_COMMUNICATION, null, arrivals.get(i - 1),
                        arrivals.get(i)));
            }
        }
        noFix(fixes, violations, dontCare, qualifying);
        double deviceDays = (double) n * STEP / 86400;
        Scorer.Truth truth = new Scorer.Truth(deviceDays, violations, dontCare);
        SupervisionPlan plan = plan();
        String name = profile.scenarioName(seed);
        if (!harsh) {
            return new Generated(name, plan, fixes, victimFixes, truth, qualifying, null, null, profile,
                    Traits.STANDARD, null, List.of(), List.of(), List.of());
        }
        List<PresenceLabel> presenceViolations = new ArrayList<>();
        List<PresenceLabel> presenceDontCare = new ArrayList<>();
        HomePresence home = presenceTruth(presenceViolations, presenceDontCare);
        return new Generated(name, plan, fixes, victimFixes, truth, qualifying, null, null, profile, traits(), home,
                home == null ? List.of() : homeUnitReports(), presenceViolations, presenceDontCare);
    }

    /**
     * Runs of positive depth: violations if they reach 50 m and last 2 min, else don't care. A run the tag could not
     * report (flat battery) is don't care: no engine can see it, and the silence is raised instead. A violation
     * qualifies for the recall target when it lasts 5 min and reaches 150 m, and the tag logged a valid GPS fix while
     * the person was 150 m or more beyond (a breach spent entirely without satellites cannot be shown by any engine:
     * it stays a violation, outside the target).
     */
    private void runs(double[] depth, AlarmType type, String zone, List<Scorer.Interval> violations,
            List<Scorer.Interval> dontCare, List<Scorer.Interval> qualifying) {
        eachRun(i -> depth[i] > 0, (i, j) -> {
            double max = 0;
            boolean blind = false;
            boolean deepSeen = false;
            for (int k = i; k < j; k++) {
                max = Math.max(max, depth[k]);
                blind |= dead[k];
                deepSeen |= depth[k] >= 150 && seen[k];
            }
            Scorer.Interval iv = interval(type, zone, i, j);
            long secs = (long) (j - i) * STEP;
            if (max < 50 || secs < 120 || blind) {
                dontCare.add(iv);
            } else {
                violations.add(iv);
                if (max >= 150 && secs >= 300 && deepSeen) {
                    qualifying.add(iv);
                }
            }
        });
    }

    /** Each maximal run {@code [from, to)} of steps where {@code in} holds, in order. */
    private void eachRun(java.util.function.IntPredicate in, java.util.function.BiConsumer<Integer, Integer> run) {
        int i = 0;
        while (i < n) {
            if (!in.test(i)) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && in.test(j)) {
                j++;
            }
            run.accept(i, j);
            i = j;
        }
    }

    /** The interval of steps {@code [from, to)}. */
    private Scorer.Interval interval(AlarmType type, String zone, int from, int to) {
        return new Scorer.Interval(type, zone, Instant.ofEpochSecond(t0 + (long) from * STEP),
                Instant.ofEpochSecond(t0 + (long) to * STEP));
    }

    private void flags(boolean[] a, AlarmType type, List<Scorer.Interval> violations, List<Scorer.Interval> q) {
        eachRun(i -> a[i], (i, j) -> {
            Scorer.Interval iv = interval(type, null, i, j);
            violations.add(iv);
            q.add(iv);
        });
    }

    /**
     * Not charging within the charging window for longer than the grace period: a violation from the moment it
     * stopped (or the window opened); within one report interval of the grace, borderline.
     */
    private void notCharging(boolean[] a, List<Scorer.Interval> violations, List<Scorer.Interval> dontCare,
            List<Scorer.Interval> qualifying) {
        eachRun(i -> a[i], (i, j) -> {
            long secs = (long) (j - i) * STEP;
            Scorer.Interval iv = interval(AlarmType.NOT_CHARGING, null, i, j);
            if (secs >= NOT_CHARGING_GRACE_S + REPORT_S) {
                violations.add(iv);
                qualifying.add(iv);
            } else if (secs >= NOT_CHARGING_GRACE_S - REPORT_S) {
                dontCare.add(iv);
            }
        });
    }

    /**
     * No valid GPS fix for longer than the limit, from the tag's own log (device time): a violation from the last
     * valid fix to the next; within one report interval beyond the limit, borderline. Hours in which the tag was dead
     * are silence, not a location failure: a gap whose logged part stays within that margin is don't care.
     */
    private void noFix(List<Fix> fixes, List<Scorer.Interval> violations, List<Scorer.Interval> dontCare,
            List<Scorer.Interval> qualifying) {
        if (fixes.isEmpty()) {
            return;
        }
        List<Fix> byTime = new ArrayList<>(fixes);
        byTime.sort(Comparator.comparing(Fix::deviceTime));
        long limit = NO_FIX_MINUTES * 60L;
        long last = byTime.get(0).deviceTime().getEpochSecond();
        for (int k = 0; k < byTime.size(); k++) {
            Fix f = byTime.get(k);
            long t = f.deviceTime().getEpochSecond();
            boolean gps = f.valid() && f.source() == Fix.PositionSource.GPS;
            if (gps || k == byTime.size() - 1) {
                long logged = t - last;
                for (long s = last; s < t; s += STEP) {
                    int i = (int) ((s - t0) / STEP);
                    if (i >= 0 && i < n && dead[i]) {
                        logged = s - last;
                        break;
                    }
                }
                Scorer.Interval iv = new Scorer.Interval(AlarmType.NO_FIX, null, Instant.ofEpochSecond(last),
                        Instant.ofEpochSecond(t));
                if (logged > limit + REPORT_S + 10) {
                    violations.add(iv);
                    qualifying.add(iv);
                } else if (t - last > limit) {
                    dontCare.add(iv);
                }
                last = t;
            }
        }
    }

    private SupervisionPlan plan() {
        Zone homeZone;
        WeeklySchedule curfewSchedule = WeeklySchedule.of(new WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class),
                LocalTime.ofSecondOfDay(curfewFrom), LocalTime.ofSecondOfDay(curfewTo)));
        if (homeSquare) {
            homeZone = new Zone("home", ZoneType.INCLUSION, square(toGrid(home), homeRadius), null, curfewSchedule);
        } else {
            homeZone = new Zone("home", ZoneType.INCLUSION, GF.createPoint(new Coordinate(lon(home[0]), lat(home[1]))),
                    homeRadius, curfewSchedule);
        }
        Zone ex = new Zone("victim-home", ZoneType.EXCLUSION,
                GF.createPoint(new Coordinate(lon(victimHome[0]), lat(victimHome[1]))), victimRadius, null);
        Zone exWork = new Zone("victim-work", ZoneType.EXCLUSION, square(vwG, vwHalf), null, WeeklySchedule.of(
                new WeeklySchedule.Entry(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        LocalTime.ofSecondOfDay(VICTIM_WORK_FROM), LocalTime.ofSecondOfDay(VICTIM_WORK_TO))));
        Coordinate[] line = new Coordinate[routeW.length];
        for (int k = 0; k < routeW.length; k++) {
            line[k] = new Coordinate(lon(routeW[k][0]), lat(routeW[k][1]));
        }
        Route route = new Route("home-work", GF.createLineString(line), corridor, WeeklySchedule.of(
                new WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class), LocalTime.ofSecondOfDay(ROUTE_FROM),
                        LocalTime.ofSecondOfDay(ROUTE_TO))));
        SupervisionPlan.Builder b = SupervisionPlan.builder().zone(homeZone).zone(ex).zone(exWork).route(route)
                .noCommunicationMinutes(30).noFixMinutes(NO_FIX_MINUTES).lowBatteryPercent(15)
                .criticalBatteryPercent(CRITICAL_PERCENT)
                .chargingWindow(WeeklySchedule.of(new WeeklySchedule.Entry(EnumSet.allOf(DayOfWeek.class),
                        LocalTime.ofSecondOfDay(chargeFrom), LocalTime.ofSecondOfDay(chargeTo))))
                .grace(AlarmType.NOT_CHARGING, Duration.ofSeconds(NOT_CHARGING_GRACE_S));
        if (victimUnit) {
            b.victimProximityMeters(PROXIMITY_M).victimPreAlertMeters(PRE_ALERT_M);
        }
        return b.build();
    }

    /** A grid-aligned square of half-side {@code half} around {@code centre} (grid frame), as a lon/lat polygon. */
    private org.locationtech.jts.geom.Polygon square(double[] centre, double half) {
        Coordinate[] cs = new Coordinate[5];
        double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (int k = 0; k < 4; k++) {
            double[] w = world(new double[] {centre[0] + corners[k][0] * half, centre[1] + corners[k][1] * half});
            cs[k] = new Coordinate(lon(w[0]), lat(w[1]));
        }
        cs[4] = cs[0];
        return GF.createPolygon(cs);
    }
}
