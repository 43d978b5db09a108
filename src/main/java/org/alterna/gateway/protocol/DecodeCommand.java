package org.alterna.gateway.protocol;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.alterna.telemetry.Fix;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code alterna decode}: decodes frames offline, without Spring, printing one JSON line per message.
 *
 * <p>Position lines: {@code type:"position", imei, time, lat, lon, speedKmh, course, altitude, satellites, valid,
 * attributes} (source, hdop, accuracy, battery, charging, power, strap, alarms, raw IO) and, on the last fix of a
 * report, {@code reply} (hex of the ack sent after storage). Logins: {@code type:"login", imei, reply}. Status:
 * {@code type:"status", imei, status, reply}. Bad input: a message on stderr with the byte offset, exit status 2.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode tracker frames and print one JSON line per message.",
                "TCP protocols read a stream of frames (cut by the same framing as the gateway)."})
public class DecodeCommand implements Callable<Integer> {
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", required = true, description = "teltonika, gt06, h02 or osmand")
    String protocol;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static class Input {
        @Option(names = "--hex", description = "frames as hex (whitespace ignored)")
        String hex;

        @Option(names = "--text", description = "frames as text (H02), or for osmand a URL/query string or JSON body")
        String text;
    }

    @Option(names = "--profile", description = "device model profile, e.g. teltonika-ankle-tag (default: the "
            + "protocol's default)")
    String profile;

    @Option(names = "--imei", description = "device id of the connection, for frames sent after a login that is "
            + "not part of the input")
    String imei;

    @Option(names = "--datagram", description = "the input is one UDP datagram (Teltonika over UDP), not a TCP "
            + "stream of frames")
    boolean datagram;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            DeviceModelProfile model = profile == null ? null : DeviceModelProfile.named(profile);
            if (protocol.equals("osmand")) {
                print(out, decodeOsmAnd(model));
                return 0;
            }
            TrackerProtocol tcp = Protocols.tcp(protocol);
            byte[] stream;
            try {
                stream = input.hex != null ? Hex.parse(input.hex) : input.text.getBytes(StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                err.println("error: bad --hex: " + e.getMessage());
                return 2;
            }
            ProtocolSession session = new ProtocolSession();
            session.deviceId(imei);
            if (model != null) {
                session.values().put(DeviceModelProfile.SESSION_KEY, model);
            }
            if (datagram) {
                print(out, tcp.decode(stream, session));
                return 0;
            }
            FrameDecoder.split(tcp.framer(), stream, frame -> {
                try {
                    print(out, tcp.decode(frame.bytes(), session));
                } catch (DecodeException e) {
                    throw new DecodeException(FrameDecoder.stripOffset(e),
                            frame.offset() + Math.max(0, e.offset()));
                }
            });
            return 0;
        } catch (DecodeException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private List<DeviceMessage> decodeOsmAnd(DeviceModelProfile model) throws DecodeException {
        String text = input.text != null ? input.text
                : new String(Hex.parse(input.hex), StandardCharsets.UTF_8);
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            return List.of(Protocols.osmand().decode("POST", "/", "application/json",
                    trimmed.getBytes(StandardCharsets.UTF_8), model));
        }
        String uri = trimmed.startsWith("/") ? trimmed : trimmed.startsWith("?") ? "/" + trimmed : "/?" + trimmed;
        int q = uri.indexOf('?');
        if (q < 0) {
            uri = uri + "?";
        }
        return List.of(Protocols.osmand().decode("GET", uri, null, new byte[0], model));
    }

    private static void print(PrintWriter out, List<DeviceMessage> messages) {
        for (DeviceMessage m : messages) {
            for (Map<String, Object> line : lines(m)) {
                out.println(JSON.writeValueAsString(line));
            }
        }
        out.flush();
    }

    /** JSON-ready lines for one message (also used by tests). */
    static List<Map<String, Object>> lines(DeviceMessage message) {
        if (message instanceof DeviceMessage.Login login) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "login");
            line.put("imei", login.deviceId());
            line.put("reply", Hex.of(login.acceptReply()));
            return List.of(line);
        }
        if (message instanceof DeviceMessage.Status status) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "status");
            line.put("imei", status.deviceId());
            line.put("status", status.status());
            line.put("reply", Hex.of(status.reply()));
            return List.of(line);
        }
        DeviceMessage.Report report = (DeviceMessage.Report) message;
        List<Fix> fixes = report.fixes();
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (int i = 0; i < fixes.size(); i++) {
            Fix f = fixes.get(i);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "position");
            line.put("imei", f.deviceId());
            line.put("time", f.deviceTime() == null ? null : f.deviceTime().toString());
            line.put("lat", f.latitude());
            line.put("lon", f.longitude());
            line.put("speedKmh", f.speedKmh());
            line.put("course", f.course());
            line.put("altitude", f.altitude());
            line.put("satellites", f.satellites());
            line.put("valid", f.valid());
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("source", f.source().name());
            putIfSet(attributes, "hdop", f.hdop());
            putIfSet(attributes, "accuracy", f.accuracyMeters());
            putIfSet(attributes, "batteryPercent", f.batteryPercent());
            putIfSet(attributes, "charging", f.charging());
            putIfSet(attributes, "externalPower", f.externalPower());
            putIfSet(attributes, "strap", f.strap() == null ? null : f.strap().name());
            if (!f.alarms().isEmpty()) {
                attributes.put("alarms", f.alarms().stream().map(Enum::name).sorted().toList());
            }
            attributes.put("io", new java.util.TreeMap<>(f.io()));
            line.put("attributes", attributes);
            if (i == fixes.size() - 1) {
                line.put("reply", Hex.of(report.ackAfterStore()));
            }
            lines.add(line);
        }
        return lines;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
