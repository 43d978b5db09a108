package org.alterna.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.Fix.DeviceAlarm;
import org.alterna.telemetry.Fix.StrapState;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a device model's raw values mean: models of the same protocol wire the strap switch, battery and charger
 * to different IO ids. Profiles are configuration, loaded from {@code /device-models.json}; decoders always keep
 * the raw values in {@code Fix.io()} and use the profile only to fill the typed fields.
 *
 * <p>The gateway decodes with {@link #NONE} and applies the device's own profile ({@link #interpret}) once the
 * device is admitted: which model a connection speaks for is known only then, and a device may send its first records
 * with its login (an H02 or Teltonika UDP frame names the device and carries data) or before the login is answered.
 *
 * <p>Every {@code *Io} field names a key of the decoded raw values ({@code io113} for Teltonika IO id 113,
 * {@code voltageLevel}, {@code charging}, {@code alarmCode} for GT06, {@code status.<bit>} for H02); null means the
 * model does not report it.
 *
 * @param batteryPercentIo      key whose value is the battery level in percent
 * @param batteryLevelIo        key whose value is a level index into {@code batteryLevels}
 * @param batteryLevels         percent for each level index (GT06 voltage level 0-6)
 * @param chargingIo            key whose non-zero value means charging
 * @param externalPowerIo       key holding the external power voltage (or a flag when no minimum is given)
 * @param externalPowerScale    multiplier from the raw value to volts (0.001 for millivolts)
 * @param externalPowerMinVolts external power counts as connected at or above this voltage
 * @param strapIo               key of the strap sensor
 * @param strapOpenValue        value of {@code strapIo} meaning the strap is open (any other value: closed)
 * @param alarms                rules {@code "key"} (non-zero), {@code "key=value"} or {@code "key:bit"} (bit set)
 *                              to a {@link DeviceAlarm} name or {@code STRAP_OPEN}
 * @param commands              the commands this model accepts, by kind ({@code LOCATE_NOW}, {@code PURSUIT_ON},
 *                              {@code PURSUIT_OFF}, {@code VIBRATE}, {@code MESSAGE}), each the text the device takes
 *                              (as by SMS) with {@code {interval}} (seconds) and {@code {text}} to fill in; a kind not
 *                              listed is refused for this model
 * @param codec14               Teltonika: send commands as Codec 14 (addressed by IMEI) instead of Codec 12
 * @param gt06Language          GT06: append the language field ({@code 0002}) to online commands
 * @param normalIntervalSeconds the reporting interval the monitoring centre configures (restored after pursuit)
 * @param pursuitIntervalSeconds the reporting interval in pursuit mode
 * @param answeredByRecord      kinds the device answers with a record rather than a text (Teltonika
 *                              {@code getrecord}): the next stored record confirms them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceModelProfile(String name, String protocol, String description, String batteryPercentIo,
        String batteryLevelIo, List<Integer> batteryLevels, String chargingIo, String externalPowerIo,
        Double externalPowerScale, Double externalPowerMinVolts, String strapIo, Long strapOpenValue,
        Map<String, String> alarms, Map<String, String> commands, Boolean codec14, Boolean gt06Language,
        Integer normalIntervalSeconds, Integer pursuitIntervalSeconds, List<String> answeredByRecord) {

    /** Key of {@link ProtocolSession#values()} where the gateway puts the device's profile (or its name). */
    public static final String SESSION_KEY = "profile";

    /** Maps nothing: the typed fields stay as the protocol itself gives them, for a profile applied later. */
    public static final DeviceModelProfile NONE = new DeviceModelProfile("none", null,
            "no model mapping: the device's own profile is applied once the device is admitted", null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null);
    private static final List<String> TYPED = List.of("batteryPercent", "charging", "externalPower", "strap",
            "alarms");

    private static final String RESOURCE = "/device-models.json";
    private static volatile Map<String, DeviceModelProfile> builtIn;

    public DeviceModelProfile {
        batteryLevels = batteryLevels == null ? List.of() : List.copyOf(batteryLevels);
        alarms = alarms == null ? Map.of() : Map.copyOf(alarms);
        commands = commands == null ? Map.of() : Map.copyOf(commands);
        codec14 = Boolean.TRUE.equals(codec14);
        gt06Language = Boolean.TRUE.equals(gt06Language);
        normalIntervalSeconds = normalIntervalSeconds == null ? 60 : normalIntervalSeconds;
        pursuitIntervalSeconds = pursuitIntervalSeconds == null ? 15 : pursuitIntervalSeconds;
        answeredByRecord = answeredByRecord == null ? List.of() : List.copyOf(answeredByRecord);
    }

    /** Whether the model accepts commands of {@code kind}. */
    public boolean accepts(String kind) {
        return commands.containsKey(kind);
    }

    /**
     * The text of a command of {@code kind} for this model, {@code {interval}} and {@code {text}} filled in (the
     * interval from the profile for pursuit on and off); IllegalArgumentException if the model does not accept it.
     */
    public String commandText(String kind, String text) {
        String template = commands.get(kind);
        if (template == null) {
            throw new IllegalArgumentException("model " + name + " does not accept " + kind);
        }
        int interval = "PURSUIT_ON".equals(kind) ? pursuitIntervalSeconds : normalIntervalSeconds;
        return template.replace("{interval}", Integer.toString(interval)).replace("{text}", text == null ? "" : text);
    }

    /** Profiles shipped in {@code device-models.json}, by name. */
    public static Map<String, DeviceModelProfile> builtIn() {
        Map<String, DeviceModelProfile> profiles = builtIn;
        if (profiles == null) {
            try (InputStream in = DeviceModelProfile.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing from the classpath");
                }
                profiles = load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = profiles;
        }
        return profiles;
    }

    /** Reads a JSON object of profiles keyed by name (the key becomes the profile's name). */
    public static Map<String, DeviceModelProfile> load(InputStream json) {
        Map<String, DeviceModelProfile> raw = org.alterna.common.Json.MAPPER
                .readValue(json, new TypeReference<LinkedHashMap<String, DeviceModelProfile>>() { });
        Map<String, DeviceModelProfile> named = new LinkedHashMap<>();
        raw.forEach((name, p) -> named.put(name, new DeviceModelProfile(name, p.protocol, p.description,
                p.batteryPercentIo, p.batteryLevelIo, p.batteryLevels, p.chargingIo, p.externalPowerIo,
                p.externalPowerScale, p.externalPowerMinVolts, p.strapIo, p.strapOpenValue, p.alarms, p.commands,
                p.codec14, p.gt06Language, p.normalIntervalSeconds, p.pursuitIntervalSeconds, p.answeredByRecord)));
        return Map.copyOf(named);
    }

    /** A built-in profile by name; IllegalArgumentException lists the known names. */
    public static DeviceModelProfile named(String name) {
        DeviceModelProfile p = builtIn().get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown device model profile '" + name + "'; known: "
                    + builtIn().keySet().stream().sorted().toList());
        }
        return p;
    }

    /** {@code <protocol>-default}, or {@code osmand}. */
    public static DeviceModelProfile defaultFor(String protocol) {
        DeviceModelProfile p = builtIn().get(protocol + "-default");
        return p != null ? p : named(protocol);
    }

    /** The session's profile (a DeviceModelProfile or a profile name), else the protocol's default. */
    static DeviceModelProfile of(ProtocolSession session, String protocol) {
        Object value = session == null ? null : session.values().get(SESSION_KEY);
        if (value instanceof DeviceModelProfile p) {
            return p;
        }
        return forModel(value instanceof String name ? name : null, protocol);
    }

    /** The profile of a registered model: the built-in one of that name, else the protocol's default. */
    public static DeviceModelProfile forModel(String model, String protocol) {
        if (model != null && builtIn().containsKey(model)) {
            return builtIn().get(model);
        }
        return defaultFor(protocol);
    }

    /**
     * The message as this profile reads it: the typed fields of its fixes and readings that the protocol left unset,
     * filled from their raw values (a login, and a message this profile maps nothing of, unchanged). Applying a
     * profile to a message decoded with {@link #NONE} gives what decoding with this profile gives.
     */
    public DeviceMessage interpret(DeviceMessage message) {
        if (message instanceof DeviceMessage.Report r) {
            List<Fix> fixes = new ArrayList<>(r.fixes().size());
            boolean changed = false;
            for (Fix f : r.fixes()) {
                Fix read = interpret(f);
                changed |= read != f;
                fixes.add(read);
            }
            return changed ? new DeviceMessage.Report(r.deviceId(), fixes, r.ackAfterStore()) : r;
        }
        if (message instanceof DeviceMessage.Status st) {
            Map<String, Object> read = interpret(st.status());
            return read == st.status() ? st : new DeviceMessage.Status(st.deviceId(), read, st.reply());
        }
        return message;
    }

    /** The fix with the typed fields this profile maps filled from its raw values (the same fix if none). */
    Fix interpret(Fix f) {
        FixBuilder b = new FixBuilder(f.deviceId());
        b.batteryPercent = f.batteryPercent();
        b.externalPower = f.externalPower();
        b.charging = f.charging();
        b.strap = f.strap();
        b.alarms.addAll(f.alarms());
        apply(b, f.io());
        if (java.util.Objects.equals(b.batteryPercent, f.batteryPercent())
                && java.util.Objects.equals(b.externalPower, f.externalPower())
                && java.util.Objects.equals(b.charging, f.charging()) && b.strap == f.strap()
                && b.alarms.equals(f.alarms())) {
            return f;
        }
        return new Fix(f.deviceId(), f.deviceTime(), f.serverTime(), f.latitude(), f.longitude(), f.altitude(),
                f.speedKmh(), f.course(), f.satellites(), f.hdop(), f.accuracyMeters(), f.valid(), f.source(),
                b.batteryPercent, b.externalPower, b.charging, b.strap, b.alarms, f.io());
    }

    /**
     * A status's readings ({@code type}, {@code time}, the typed readings, then the raw values, as the decoders write
     * them) with the typed readings this profile maps filled in (the same map if none).
     */
    Map<String, Object> interpret(Map<String, Object> status) {
        FixBuilder b = new FixBuilder(null);
        status.forEach((k, v) -> {
            if (!k.equals("type") && !k.equals("time") && v != null) {
                b.io.put(k, v);
            }
        });
        b.batteryPercent = status.get("batteryPercent") instanceof Number n ? n.intValue() : null;
        b.charging = status.get("charging") instanceof Boolean x ? x : null;
        b.externalPower = status.get("externalPower") instanceof Boolean x ? x : null;
        if (status.get("strap") instanceof String strap) {
            for (StrapState state : StrapState.values()) {
                b.strap = state.name().equals(strap) ? state : b.strap;
            }
        }
        if (status.get("alarms") instanceof Collection<?> names) {
            for (DeviceAlarm alarm : DeviceAlarm.values()) {
                if (names.contains(alarm.name())) {
                    b.alarms.add(alarm);
                }
            }
        }
        apply(b);
        Map<String, Object> before = typed(status);
        Map<String, Object> after = new LinkedHashMap<>();
        putIfSet(after, "batteryPercent", b.batteryPercent);
        putIfSet(after, "charging", b.charging);
        putIfSet(after, "externalPower", b.externalPower);
        putIfSet(after, "strap", b.strap == null ? null : b.strap.name());
        if (!b.alarms.isEmpty()) {
            after.put("alarms", b.alarms.stream().map(Enum::name).sorted().toList());
        }
        if (after.equals(before)) {
            return status;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (status.containsKey("type")) {
            out.put("type", status.get("type"));
        }
        if (status.containsKey("time")) {
            out.put("time", status.get("time"));
        }
        out.putAll(after);
        status.forEach((k, v) -> {
            if (!out.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, Object> typed(Map<String, Object> status) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : TYPED) {
            if (status.get(key) != null) {
                out.put(key, status.get(key));
            }
        }
        return out;
    }

    /** Fills the typed fields the decoder left unset from the raw values. */
    void apply(FixBuilder fix) {
        apply(fix, fix.io);
    }

    /** Fills the typed fields of {@code fix} left unset from the raw values {@code io}. */
    private void apply(FixBuilder fix, Map<String, Object> io) {
        if (fix.batteryPercent == null && batteryPercentIo != null && number(io.get(batteryPercentIo)) != null) {
            fix.batteryPercent = (int) Math.max(0, Math.min(100, number(io.get(batteryPercentIo))));
        }
        if (fix.batteryPercent == null && batteryLevelIo != null && number(io.get(batteryLevelIo)) != null) {
            long level = number(io.get(batteryLevelIo));
            if (level >= 0 && level < batteryLevels.size()) {
                fix.batteryPercent = batteryLevels.get((int) level);
            }
        }
        if (fix.charging == null && chargingIo != null && number(io.get(chargingIo)) != null) {
            fix.charging = number(io.get(chargingIo)) != 0;
        }
        if (fix.externalPower == null && externalPowerIo != null && number(io.get(externalPowerIo)) != null) {
            long raw = number(io.get(externalPowerIo));
            fix.externalPower = externalPowerMinVolts == null ? raw != 0
                    : raw * (externalPowerScale == null ? 1.0 : externalPowerScale) >= externalPowerMinVolts;
        }
        if (fix.strap == null && strapIo != null && number(io.get(strapIo)) != null) {
            long open = strapOpenValue == null ? 1 : strapOpenValue;
            fix.strap = number(io.get(strapIo)) == open ? StrapState.OPEN : StrapState.CLOSED;
        }
        alarms.forEach((rule, alarm) -> {
            int eq = rule.indexOf('=');
            int colon = rule.indexOf(':');
            boolean matches;
            if (colon > 0) { // key:bit, the bit is set
                Long value = number(io.get(rule.substring(0, colon)));
                int bit = parseBit(rule.substring(colon + 1));
                matches = value != null && bit >= 0 && ((value >>> bit) & 1) == 1;
            } else {
                Long value = number(io.get(eq < 0 ? rule : rule.substring(0, eq)));
                matches = value != null && (eq < 0 ? value != 0 : rule.substring(eq + 1).equals(value.toString()));
            }
            if (matches) {
                if (alarm.equals("STRAP_OPEN")) {
                    fix.strap = StrapState.OPEN;
                } else {
                    fix.alarms.add(DeviceAlarm.valueOf(alarm));
                }
            }
        });
    }

    private static int parseBit(String s) {
        try {
            int bit = Integer.parseInt(s);
            return bit < 64 ? bit : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Long number(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return null;
    }
}
