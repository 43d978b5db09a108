package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the decoders with an independent, widely deployed implementation: the decodings Traccar makes of its
 * own test frames, read at test time from {@code ../shared/vectors} (not part of this repository).
 */
class ReferenceVectorsTest {
    // ../shared/vectors from the project root; a git worktree under wt/ sits one level deeper
    private static final Instant REFERENCE_RUN = Instant.parse("2026-11-01T00:00:00Z");
    private static final Path VECTORS = java.util.stream.Stream.of(Path.of("..", "shared", "vectors"),
            Path.of("..", "..", "shared", "vectors")).filter(Files::isDirectory).findFirst()
            .orElse(Path.of("..", "shared", "vectors"));

    @Test
    void decodersAgreeWithReferenceDecodings() throws IOException {
        assumeTrue(Files.isDirectory(VECTORS), "reference vectors not present at " + VECTORS.toAbsolutePath());
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> httpBodies = httpBodies();
        Map<String, int[]> stats = new TreeMap<>(); // protocol -> agree, disagree, unsupported
        List<String> disagreements = new ArrayList<>();
        Map<String, ProtocolSession> sessions = new HashMap<>();
        for (String line : Files.readAllLines(VECTORS.resolve("traccar-decoded.jsonl"))) {
            JsonNode v = json.readTree(line);
            String protocol = v.path("protocol").asString();
            String test = v.path("test").asString();
            // H02 frames of one Traccar test come from many devices: one connection each
            String connection = protocol.equals("h02") ? line : protocol + "/" + test;
            ProtocolSession session = sessions.computeIfAbsent(connection, k -> {
                ProtocolSession s = new ProtocolSession();
                if (!protocol.equals("h02")) {
                    s.deviceId("reference"); // Traccar's tests attach a device without a login frame
                }
                return s;
            });
            List<JsonNode> expected = new ArrayList<>();
            v.path("decoded").forEach(p -> {
                if (!p.path("outdated").asBoolean(false) && !p.path("fixTime").isNull()
                        && p.path("fixTime").isString()) {
                    expected.add(p);
                }
            });
            List<Fix> actual = new ArrayList<>();
            String error = null;
            try {
                for (DeviceMessage m : decode(protocol, v, httpBodies.get(test + "/" + v.path("seq").asInt()),
                        session)) {
                    if (m instanceof DeviceMessage.Report r) {
                        actual.addAll(r.fixes());
                    }
                }
            } catch (DecodeException e) {
                error = e.getMessage();
            }
            if (expected.isEmpty()) {
                continue;
            }
            int[] s = stats.computeIfAbsent(protocol, k -> new int[3]);
            if (actual.isEmpty()) {
                s[2]++;
                if (System.getProperty("vectors.verbose") != null) {
                    System.out.println("  unsupported " + protocol + " " + v.path("message").asString() + " / " + error);
                }
                continue;
            }
            String diff = compare(expected, actual, protocol, v.path("message").asString());
            if (diff == null) {
                s[0]++;
            } else {
                s[1]++;
                disagreements.add(protocol + " seq " + v.path("seq").asInt() + ": " + diff
                        + (error == null ? "" : " / " + error));
            }
        }
        stats.forEach((p, s) -> System.out.printf("reference vectors %-9s agree %3d, disagree %2d, unsupported %2d%n",
                p, s[0], s[1], s[2]));
        disagreements.forEach(d -> System.out.println("  disagreement " + d));
        assertThat(disagreements).isEmpty();
        assertThat(stats.values().stream().mapToInt(s -> s[0]).sum()).isGreaterThan(100);
    }

    private static List<DeviceMessage> decode(String protocol, JsonNode v, String body, ProtocolSession session)
            throws DecodeException {
        String message = v.path("message").asString();
        if (protocol.equals("osmand")) {
            String[] parts = message.split(" ", 3);
            String contentType = message.contains("application/json") ? "application/json" : null;
            return List.of(Protocols.osmand().decode(parts[0], parts[1], contentType,
                    body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] frame = v.path("kind").asString().equals("hex") ? Hex.parse(message)
                : message.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
        return Protocols.tcp(protocol).decode(frame, session);
    }

    private static String compare(List<JsonNode> expected, List<Fix> actual, String protocol, String message) {
        if (expected.size() != actual.size()) {
            return expected.size() + " position(s) expected, " + actual.size() + " decoded";
        }
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            Fix a = actual.get(i);
            List<String> diffs = new ArrayList<>();
            if (Math.abs(e.path("latitude").asDouble() - a.latitude()) > 1e-5) {
                diffs.add("lat " + e.path("latitude").asDouble() + " vs " + a.latitude());
            }
            if (Math.abs(e.path("longitude").asDouble() - a.longitude()) > 1e-5) {
                diffs.add("lon " + e.path("longitude").asDouble() + " vs " + a.longitude());
            }
            boolean timeSent = !protocol.equals("osmand") || message.contains("timestamp")
                    || message.startsWith("POST");
            // the reference falls back to its own clock (vectors made in 2026-11) when it cannot read the time
            boolean referenceClock = Instant.parse(e.path("fixTime").asString()).isAfter(REFERENCE_RUN);
            if (timeSent && !referenceClock
                    && !Instant.parse(e.path("fixTime").asString()).equals(a.deviceTime())) {
                diffs.add("time " + e.path("fixTime").asString() + " vs " + a.deviceTime());
            }
            double speed = a.speedKmh() == null ? 0 : a.speedKmh();
            if (Math.abs(e.path("speed_kmh").asDouble() - speed) > 0.1) {
                diffs.add("speed " + e.path("speed_kmh").asDouble() + " vs " + speed);
            }
            double course = a.course() == null ? 0 : a.course();
            if (Math.abs(e.path("course").asDouble() - course) > 0.01) {
                diffs.add("course " + e.path("course").asDouble() + " vs " + course);
            }
            // H02 validity '0' (V2/VI1 firmwares): the reference calls it valid, Alterna conservatively not
            boolean h02Digit = protocol.equals("h02") && message.matches("\\*HQ,\\d+,V[I2]1?,\\d*,0,.*");
            if (e.path("valid").asBoolean() != a.valid() && !h02Digit) {
                diffs.add("valid " + e.path("valid").asBoolean() + " vs " + a.valid());
            }
            if (!diffs.isEmpty()) {
                return "#" + i + " " + String.join(", ", diffs);
            }
        }
        return null;
    }

    /** OsmAnd request bodies live in the TSV only; keyed by test/seq. */
    private static Map<String, String> httpBodies() throws IOException {
        Map<String, String> bodies = new HashMap<>();
        for (String line : Files.readAllLines(VECTORS.resolve("osmand.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length > 5 && !f[0].equals("seq") && !f[5].isEmpty()) {
                bodies.put(f[1] + "/" + f[0], f[5]);
            }
        }
        return bodies;
    }
}
