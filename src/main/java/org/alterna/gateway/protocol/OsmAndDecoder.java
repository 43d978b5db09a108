package org.alterna.gateway.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OsmAnd protocol over HTTP (port 5055): what the Traccar Client phone app sends. Not TCP-framed, so not a
 * {@link TrackerProtocol}: the HTTP server hands over each request and answers 200 once the {@link
 * DeviceMessage.Report} is stored (its ack is empty).
 *
 * <p>Parameters come from the query string and a form body: {@code id|deviceid}, {@code lat}, {@code lon} (or
 * {@code location=lat,lon}), {@code timestamp} (unix seconds, milliseconds or ISO-8601; absent = now), {@code speed}
 * (knots), {@code bearing|heading}, {@code altitude}, {@code accuracy}, {@code hdop}, {@code batt}, {@code charge},
 * {@code valid}, {@code sat}, {@code cell} and {@code wifi} (repeatable, kept as {@code io.cells} and
 * {@code io.wifi}, see {@link RadioEvidence}), {@code alarm} (Traccar's names: sos, tampering, removing, powerCut,
 * lowBattery, to device alarms); other parameters are kept in {@code Fix.io()}. A JSON body ({@code device_id},
 * {@code location.coords}, {@code location.battery}, {@code is_moving}) is the background-geolocation form. A
 * missing id or position, or an out-of-range value, is a DecodeException naming the parameter.
 */
public final class OsmAndDecoder {
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;
    private static final double KNOTS = 1.852;
    /** Parameters a request may repeat, one cell tower or access point each. */
    private static final List<String> REPEATED = List.of("cell", "wifi");

    public String name() {
        return "osmand";
    }

    public int defaultPort() {
        return 5055;
    }

    public DeviceMessage.Report decode(String method, String uri, String contentType, byte[] body) throws DecodeException {
        return decode(method, uri, contentType, body, null);
    }

    /** As {@link #decode(String, String, String, byte[])}, with the device's model profile (may be null). */
    public DeviceMessage.Report decode(String method, String uri, String contentType, byte[] body, DeviceModelProfile profile)
            throws DecodeException {
        DeviceModelProfile p = profile != null ? profile : DeviceModelProfile.defaultFor("osmand");
        Map<String, String> params = new LinkedHashMap<>();
        int q = uri == null ? -1 : uri.indexOf('?');
        if (q >= 0) {
            parseQuery(uri.substring(q + 1), params);
        }
        byte[] b = body == null ? new byte[0] : body;
        String type = contentType == null ? "" : contentType.toLowerCase();
        String text = new String(b, StandardCharsets.UTF_8).trim();
        if (type.contains("json") || (text.startsWith("{") && !type.contains("form"))) {
            return decodeJson(text, params, p);
        }
        if (!text.isEmpty()) {
            parseQuery(text, params);
        }
        return decodeParams(params, p);
    }

    private static void parseQuery(String query, Map<String, String> params) throws DecodeException {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (REPEATED.contains(key) && params.containsKey(key)) {
                    params.put(key, params.get(key) + "\n" + value); // every cell and access point is kept
                } else {
                    params.putIfAbsent(key, value);
                }
            } catch (IllegalArgumentException e) {
                throw new DecodeException("bad URL encoding in parameter '" + pair + "'");
            }
        }
    }

    private DeviceMessage.Report decodeParams(Map<String, String> params, DeviceModelProfile profile)
            throws DecodeException {
        String id = first(params, "id", "deviceid");
        if (id == null || id.isBlank()) {
            throw new DecodeException("missing parameter 'id' (or 'deviceid')");
        }
        FixBuilder fix = new FixBuilder(id.trim());
        String location = params.get("location");
        String lat = params.get("lat");
        String lon = params.get("lon");
        if ((lat == null || lon == null) && location != null) {
            String[] parts = location.split(",");
            if (parts.length != 2) {
                throw new DecodeException("parameter 'location' must be 'lat,lon': '" + location + "'");
            }
            lat = parts[0];
            lon = parts[1];
        }
        if (lat == null) {
            throw new DecodeException("missing parameter 'lat'");
        }
        if (lon == null) {
            throw new DecodeException("missing parameter 'lon'");
        }
        double latitude = number(lat, "lat");
        double longitude = number(lon, "lon");
        if (latitude < -90 || latitude > 90) {
            throw new DecodeException("parameter 'lat' out of range: " + lat);
        }
        if (longitude < -180 || longitude > 180) {
            throw new DecodeException("parameter 'lon' out of range: " + lon);
        }
        fix.latitude = latitude;
        fix.longitude = longitude;
        fix.time = params.containsKey("timestamp") ? timestamp(params.get("timestamp"), "timestamp") : Instant.now();
        fix.valid = !params.containsKey("valid") || Boolean.parseBoolean(params.get("valid"))
                || params.get("valid").equals("1");
        String speed = params.get("speed");
        if (speed != null && !speed.isBlank()) {
            fix.speedKmh = nonNegative(speed, "speed") * KNOTS;
        }
        String bearing = first(params, "bearing", "heading");
        if (bearing != null && !bearing.isBlank()) {
            fix.course = course(number(bearing, params.containsKey("bearing") ? "bearing" : "heading"));
        }
        fix.altitude = optional(params.get("altitude"), "altitude");
        String accuracy = params.get("accuracy");
        if (accuracy != null && !accuracy.isBlank()) {
            fix.accuracy = nonNegative(accuracy, "accuracy");
        }
        String hdop = params.get("hdop");
        if (hdop != null && !hdop.isBlank()) {
            fix.hdop = nonNegative(hdop, "hdop");
        }
        String sat = params.get("sat");
        if (sat != null && !sat.isBlank()) {
            fix.satellites = (int) nonNegative(sat, "sat");
        }
        String batt = params.get("batt");
        if (batt != null && !batt.isBlank()) {
            double level = number(batt, "batt");
            if (level < 0 || level > 100) {
                throw new DecodeException("parameter 'batt' out of range: " + batt);
            }
            fix.batteryPercent = (int) Math.round(level);
        }
        String charge = params.get("charge");
        if (charge != null && !charge.isBlank()) {
            fix.charging = Boolean.parseBoolean(charge) || charge.equals("1");
        }
        radio(params, fix);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!List.of("id", "deviceid", "lat", "lon", "location", "timestamp", "valid", "speed", "bearing",
                    "heading", "altitude", "accuracy", "hdop", "sat", "batt", "charge", "cell", "wifi")
                    .contains(e.getKey())) {
                fix.io(e.getKey(), e.getValue());
            }
        }
        alarm(params.get("alarm"), fix);
        profile.apply(fix);
        return new DeviceMessage.Report(fix.deviceId, List.of(fix.build()), new byte[0]);
    }

    /**
     * {@code cell=mcc,mnc,lac,cid[,rssi]} and {@code wifi=mac[,rssi]} (each may repeat) into {@code io.cells} and
     * {@code io.wifi} ({@link RadioEvidence}). An entry that does not parse is kept as sent under
     * {@code cellUnparsed} or {@code wifiUnparsed}: optional evidence never costs the position.
     */
    private static void radio(Map<String, String> params, FixBuilder fix) {
        List<String> badCells = new java.util.ArrayList<>();
        if (params.containsKey("cell")) {
            for (String cell : params.get("cell").split("\n")) {
                String[] f = cell.split(",");
                Long[] n = new Long[f.length];
                for (int i = 0; i < f.length; i++) {
                    n[i] = number(f[i], i < 4 ? 0 : -200, i < 2 ? 999 : i < 4 ? 0xFFFF_FFFFL : 200);
                }
                if (f.length < 4 || f.length > 5 || java.util.Arrays.asList(n).contains(null)) {
                    badCells.add(cell);
                    continue;
                }
                RadioEvidence.add(fix, RadioEvidence.tower(n[0].intValue(), n[1].intValue(), n[2], n[3],
                        f.length == 5 ? n[4].intValue() : null));
            }
        }
        List<String> badAps = new java.util.ArrayList<>();
        if (params.containsKey("wifi")) {
            for (String ap : params.get("wifi").split("\n")) {
                String[] f = ap.split(",");
                String mac = f[0].trim().replace('-', ':');
                Long rssi = f.length == 2 ? number(f[1], -200, 200) : null;
                if (f.length > 2 || !mac.matches("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}") || f.length == 2 && rssi == null) {
                    badAps.add(ap);
                    continue;
                }
                byte[] bytes = java.util.HexFormat.of().parseHex(mac.replace(":", ""));
                RadioEvidence.addAccessPoint(fix, RadioEvidence.accessPoint(bytes,
                        rssi == null ? null : rssi.intValue(), null));
            }
        }
        if (!badCells.isEmpty()) {
            fix.io("cellUnparsed", String.join(";", badCells));
        }
        if (!badAps.isEmpty()) {
            fix.io("wifiUnparsed", String.join(";", badAps));
        }
    }

    /** A whole number within bounds, or null. */
    private static Long number(String value, long min, long max) {
        try {
            long v = Long.parseLong(value.trim());
            return v >= min && v <= max ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private DeviceMessage.Report decodeJson(String text, Map<String, String> query, DeviceModelProfile profile)
            throws DecodeException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new DecodeException("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DecodeException("JSON body is not an object");
        }
        JsonNode location = root.path("location");
        if (location.isArray() && !location.isEmpty()) {
            location = location.get(0);
        }
        String id = text(root.path("device_id"));
        if (id == null) {
            id = text(location.path("extras").path("device_id"));
        }
        if (id == null) {
            id = first(query, "id", "deviceid");
        }
        if (id == null || id.isBlank()) {
            throw new DecodeException("missing parameter 'device_id'");
        }
        JsonNode coords = location.path("coords");
        if (!coords.path("latitude").isNumber()) {
            throw new DecodeException("missing parameter 'location.coords.latitude'");
        }
        if (!coords.path("longitude").isNumber()) {
            throw new DecodeException("missing parameter 'location.coords.longitude'");
        }
        double lat = coords.path("latitude").asDouble();
        double lon = coords.path("longitude").asDouble();
        if (lat < -90 || lat > 90) {
            throw new DecodeException("parameter 'location.coords.latitude' out of range: " + lat);
        }
        if (lon < -180 || lon > 180) {
            throw new DecodeException("parameter 'location.coords.longitude' out of range: " + lon);
        }
        FixBuilder fix = new FixBuilder(id.trim());
        fix.latitude = lat;
        fix.longitude = lon;
        fix.valid = true;
        String ts = text(location.path("timestamp"));
        fix.time = ts == null ? Instant.now() : timestamp(ts, "location.timestamp");
        // speed in m/s; negative means unknown in the background-geolocation plugin
        if (coords.path("speed").isNumber() && coords.path("speed").asDouble() >= 0) {
            fix.speedKmh = coords.path("speed").asDouble() * 3.6;
        }
        if (coords.path("heading").isNumber() && coords.path("heading").asDouble() >= 0) {
            fix.course = course(coords.path("heading").asDouble());
        }
        if (coords.path("altitude").isNumber()) {
            fix.altitude = coords.path("altitude").asDouble();
        }
        if (coords.path("accuracy").isNumber() && coords.path("accuracy").asDouble() >= 0) {
            fix.accuracy = coords.path("accuracy").asDouble();
        }
        JsonNode battery = location.path("battery");
        if (battery.path("level").isNumber()) {
            double level = battery.path("level").asDouble();
            if (level >= 0 && level <= 1) {
                fix.batteryPercent = (int) Math.round(level * 100);
            } else if (level != -1) {
                throw new DecodeException("parameter 'location.battery.level' out of range: " + level);
            }
        }
        if (battery.path("is_charging").isBoolean()) {
            fix.charging = battery.path("is_charging").asBoolean();
        }
        if (location.path("is_moving").isBoolean()) {
            fix.io("motion", location.path("is_moving").asBoolean());
        }
        if (location.path("event").isString()) {
            fix.io("event", location.path("event").asString());
        }
        profile.apply(fix);
        return new DeviceMessage.Report(fix.deviceId, List.of(fix.build()), new byte[0]);
    }

    /** A scalar as text; objects and arrays where a scalar belongs count as absent. */
    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asString();
    }

    /** Traccar's {@code alarm=} values (kept raw in the IO too): sos, tampering/removing, powerCut, lowBattery. */
    private static void alarm(String alarm, FixBuilder fix) {
        if (alarm == null) {
            return;
        }
        switch (alarm.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sos" -> fix.alarms.add(org.alterna.telemetry.Fix.DeviceAlarm.SOS);
            case "tampering", "removing" -> fix.alarms.add(org.alterna.telemetry.Fix.DeviceAlarm.TAMPER);
            case "powercut", "poweroff" -> fix.alarms.add(org.alterna.telemetry.Fix.DeviceAlarm.POWER_CUT);
            case "lowbattery" -> fix.alarms.add(org.alterna.telemetry.Fix.DeviceAlarm.LOW_BATTERY);
            default -> { }
        }
    }

    private static String first(Map<String, String> params, String a, String b) {
        return params.containsKey(a) ? params.get(a) : params.get(b);
    }

    private static double course(double degrees) {
        double c = degrees % 360;
        return c < 0 ? c + 360 : c;
    }

    private static Double optional(String value, String name) throws DecodeException {
        return value == null || value.isBlank() ? null : number(value, name);
    }

    private static double nonNegative(String value, String name) throws DecodeException {
        double v = number(value, name);
        if (v < 0) {
            throw new DecodeException("parameter '" + name + "' out of range: " + value);
        }
        return v;
    }

    private static double number(String value, String name) throws DecodeException {
        try {
            double v = Double.parseDouble(value.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DecodeException("parameter '" + name + "' is not a number: '" + value + "'");
        }
    }

    /** Unix seconds, unix milliseconds, ISO-8601 instant/offset, or "yyyy-MM-dd HH:mm:ss" (UTC). */
    static Instant timestamp(String value, String name) throws DecodeException {
        String v = value.trim();
        try {
            if (v.matches("\\d+(\\.\\d+)?")) {
                double n = Double.parseDouble(v);
                long millis = n > 1e11 ? (long) n : (long) (n * 1000);
                if (millis > 4_102_444_800_000L) {
                    throw new DecodeException("parameter '" + name + "' out of range: " + value);
                }
                return Instant.ofEpochMilli(millis);
            }
            if (v.contains("T")) {
                return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            return LocalDateTime.parse(v, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new DecodeException("parameter '" + name + "' is not a time: '" + value + "'");
        }
    }

}
