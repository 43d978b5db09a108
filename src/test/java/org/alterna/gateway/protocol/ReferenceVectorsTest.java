package org.alterna.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the decoders with an independent, widely deployed implementation: the decodings Traccar makes of its
 * own test frames, read at test time from {@code ../shared/vectors} (not part of this repository; skipped when
 * absent).
 *
 * <p>Each frame is decoded as {@code alterna decode --imei} does (the framer cuts the stream and each frame is decoded
 * before the next is cut; Teltonika and GT06 frames on a session that already logged in). A frame the reference
 * decodes to positions <em>agrees</em> when Alterna gives as many positions with the same fix times (to the second)
 * and positions (within 1e-5 degrees). A frame whose checksum is wrong, or that the test data cut short, also agrees
 * when Alterna refuses it naming that reason, and this test confirms the reason independently (Alterna checks
 * checksums on purpose, the reference does not). When the reference stamped a fix with its own clock (it could not
 * read a time in the frame; those stamps fall after the vectors were made), only the position is compared. Entries
 * at exactly 0°, 0° are both decoders' placeholder for a record without coordinates and are left out on both sides
 * (a frame with nothing else has no position to compare).
 */
class ReferenceVectorsTest {
    private static final Instant REFERENCE_RUN = Instant.parse("2026-11-01T00:00:00Z");
    private static final double TARGET = 0.95;
    // ../shared/vectors from the project root; a git worktree under wt/ sits one level deeper
    private static final Path VECTORS = java.util.stream.Stream.of(Path.of("..", "shared", "vectors"),
            Path.of("..", "..", "shared", "vectors")).filter(Files::isDirectory).findFirst()
            .orElse(Path.of("..", "shared", "vectors"));

    /** Per protocol: frames with positions, how many agree, and why the others do not. */
    private static final class Tally {
        int frames;
        int positions;
        int refusedChecksum;
        int refusedCutShort;
        final List<String> misses = new ArrayList<>();
        final List<String> details = new ArrayList<>();

        int agree() {
            return positions + refusedChecksum + refusedCutShort;
        }

        double rate() {
            return frames == 0 ? 1 : (double) agree() / frames;
        }
    }

    @Test
    void decodersAgreeWithReferenceDecodings() throws IOException {
        assumeTrue(Files.isDirectory(VECTORS), "reference vectors not present at " + VECTORS.toAbsolutePath());
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> httpBodies = httpBodies();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (String p : List.of("teltonika", "gt06", "h02", "osmand")) {
            tallies.put(p, new Tally());
        }
        Map<String, ProtocolSession> sessions = new HashMap<>();
        for (String line : Files.readAllLines(VECTORS.resolve("traccar-decoded.jsonl"))) {
            JsonNode v = json.readTree(line);
            String protocol = v.path("protocol").asString();
            String test = v.path("test").asString();
            String message = v.path("message").asString();
            // H02 frames of one reference test come from many devices: one connection each
            String connection = protocol.equals("h02") ? line : protocol + "/" + test;
            ProtocolSession session = sessions.computeIfAbsent(connection, k -> {
                ProtocolSession s = new ProtocolSession();
                if (!protocol.equals("h02")) {
                    s.deviceId("123456789012345"); // as --imei: the reference attaches a device without a login
                }
                return s;
            });
            List<JsonNode> expected = new ArrayList<>();
            v.path("decoded").forEach(p -> {
                if (!p.path("outdated").asBoolean(false) && p.path("fixTime").isString()
                        && !nullIsland(p.path("latitude").asDouble(), p.path("longitude").asDouble())) {
                    expected.add(p);
                }
            });
            List<Fix> actual = new ArrayList<>();
            String error = null;
            byte[] stream = null;
            try {
                if (protocol.equals("osmand")) {
                    actual.addAll(decodeOsmAnd(message, httpBodies.get(test + "/" + v.path("seq").asInt())).fixes());
                } else {
                    stream = v.path("kind").asString().equals("hex") ? Hex.parse(message)
                            : message.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
                    TrackerProtocol tcp = Protocols.tcp(protocol);
                    if (test.contains("Connectionless")) { // one UDP datagram, as decode --datagram
                        reports(tcp.decode(stream, new ProtocolSession()), actual);
                    } else {
                        FrameDecoder.split(tcp.framer(), stream, frame -> reports(tcp.decode(frame.bytes(), session),
                                actual));
                    }
                }
            } catch (DecodeException e) {
                error = e.getMessage();
            }
            actual.removeIf(f -> nullIsland(f.latitude(), f.longitude()));
            if (expected.isEmpty()) {
                continue;
            }
            Tally t = tallies.get(protocol);
            t.frames++;
            String where = protocol + " " + test + " #" + v.path("seq").asInt();
            String diff = compare(expected, actual);
            if (diff == null) {
                t.positions++;
                t.details.addAll(secondary(where, expected, actual));
            } else if (error != null && error.contains("CRC mismatch") && checksumWrong(protocol, stream)) {
                t.refusedChecksum++;
            } else if (error != null && error.contains("frame cut short") && cutShort(protocol, stream)) {
                t.refusedCutShort++;
            } else {
                t.misses.add(where + ": " + (error != null ? "refused: " + error : diff) + "  [" + message + "]");
            }
        }
        tallies.forEach((p, t) -> {
            System.out.printf("reference vectors %-9s %3d of %3d agree (%5.1f %%): %d decoded alike, %d refused for a "
                    + "wrong checksum, %d refused as cut short%n", p, t.agree(), t.frames, 100 * t.rate(), t.positions,
                    t.refusedChecksum, t.refusedCutShort);
            t.misses.forEach(m -> System.out.println("  differs " + m));
            if (System.getProperty("vectors.verbose") != null) {
                t.details.forEach(d -> System.out.println("  (speed/course/validity) " + d));
            }
        });
        tallies.forEach((p, t) -> assertThat(t.rate()).as("agreement for %s", p)
                .isGreaterThanOrEqualTo(p.equals("osmand") ? 1.0 : TARGET));
    }

    /** Exactly 0°, 0°: both decoders' placeholder for a record without coordinates, not a position. */
    private static boolean nullIsland(double lat, double lon) {
        return lat == 0 && lon == 0;
    }

    private static void reports(List<DeviceMessage> messages, List<Fix> into) {
        for (DeviceMessage m : messages) {
            if (m instanceof DeviceMessage.Report r) {
                into.addAll(r.fixes());
            }
        }
    }

    private static DeviceMessage.Report decodeOsmAnd(String message, String body) throws DecodeException {
        String[] parts = message.split(" ", 3);
        String contentType = message.contains("application/json") ? "application/json" : null;
        return Protocols.osmand().decode(parts[0], parts[1], contentType,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Null when the fixes agree on time (to the second) and position (1e-5 degrees), else what differs. */
    private static String compare(List<JsonNode> expected, List<Fix> actual) {
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
            Instant time = Instant.parse(e.path("fixTime").asString());
            boolean referenceClock = time.isAfter(REFERENCE_RUN);
            if (!referenceClock && (a.deviceTime() == null || !time.truncatedTo(ChronoUnit.SECONDS)
                    .equals(a.deviceTime().truncatedTo(ChronoUnit.SECONDS)))) {
                diffs.add("time " + time + " vs " + a.deviceTime());
            }
            if (!diffs.isEmpty()) {
                return "#" + i + " " + String.join(", ", diffs);
            }
        }
        return null;
    }

    /** Speed, course and validity differences of frames that agree (shown with -Dvectors.verbose). */
    private static List<String> secondary(String where, List<JsonNode> expected, List<Fix> actual) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            Fix a = actual.get(i);
            double speed = a.speedKmh() == null ? 0 : a.speedKmh();
            double course = a.course() == null ? 0 : a.course();
            if (Math.abs(e.path("speed_kmh").asDouble() - speed) > 0.1
                    || Math.abs(e.path("course").asDouble() - course) > 0.01
                    || e.path("valid").asBoolean() != a.valid()) {
                out.add(where + " #" + i + ": speed " + e.path("speed_kmh").asDouble() + "/" + speed + ", course "
                        + e.path("course").asDouble() + "/" + course + ", valid " + e.path("valid").asBoolean() + "/"
                        + a.valid());
            }
        }
        return out;
    }

    /** Independent check: the first frame the protocol's framer cuts from the stream carries a wrong checksum. */
    private static boolean checksumWrong(String protocol, byte[] stream) {
        if (stream == null) {
            return false;
        }
        try {
            int n = Protocols.tcp(protocol).framer().frameLength(Unpooled.wrappedBuffer(stream));
            if (n < 0 || n > stream.length) {
                return false;
            }
            if (protocol.equals("teltonika") && n >= 12) {
                long sent = new ByteReader(stream, n - 4, n).u32("crc");
                return sent != Bytes.crcArc(stream, 8, n - 4);
            }
            if (protocol.equals("gt06") && n >= 10) {
                int sent = ((stream[n - 4] & 0xFF) << 8) | (stream[n - 3] & 0xFF);
                return sent != Bytes.crcX25(stream, 2, n - 4);
            }
        } catch (DecodeException e) {
            return false;
        }
        return false;
    }

    /** Independent check: the frame declares more bytes than the test data holds. */
    private static boolean cutShort(String protocol, byte[] stream) {
        if (stream == null) {
            return false;
        }
        if (protocol.equals("teltonika") && stream.length >= 8) {
            long declared = 8 + (((stream[4] & 0xFFL) << 24) | ((stream[5] & 0xFF) << 16) | ((stream[6] & 0xFF) << 8)
                    | (stream[7] & 0xFF)) + 4;
            return declared > stream.length;
        }
        if (protocol.equals("gt06") && stream.length >= 4) {
            boolean shortForm = (stream[0] & 0xFF) == 0x78;
            int declared = shortForm ? 3 + (stream[2] & 0xFF) + 2 : 4 + (((stream[2] & 0xFF) << 8) | (stream[3] & 0xFF)) + 2;
            return declared > stream.length;
        }
        return false;
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
