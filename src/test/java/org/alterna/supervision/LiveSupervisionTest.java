package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;

/**
 * The engine wired after the gateway: positions sent by a real Teltonika device over TCP are stored, evaluated
 * against the order's conditions in force, and a real breach becomes a stored and published alarm event.
 */
@H2Test
@Import(LiveSupervisionTest.Listener.class)
class LiveSupervisionTest {
    static final double HOME_LAT = -12.12;
    static final double HOME_LON = -77.03;
    static final String CONDITIONS = """
            {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
              "radiusMeters":100}],"noCommunicationMinutes":30,"lowBatteryPercent":15}""";

    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts ports;
    @Autowired
    Listener listener;

    @TestConfiguration
    static class Listener {
        final List<SupervisedAlarm> alarms = new CopyOnWriteArrayList<>();
        final List<SupervisedPosition> positions = new CopyOnWriteArrayList<>();
        final List<PursuitRequested> pursuits = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PursuitRequested p) {
            pursuits.add(p);
        }

        @EventListener
        void on(SupervisedAlarm a) {
            alarms.add(a);
        }

        @EventListener
        void on(SupervisedPosition p) {
            positions.add(p);
        }
    }

    /** A walk from home to ~900 m away (well beyond the 100 m circle), a fix a minute, then staying out. */
    static List<TeltonikaClient.Rec> walkOut(Instant start) {
        List<TeltonikaClient.Rec> recs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recs.add(TeltonikaClient.Rec.at(start.plusSeconds(60L * i).toEpochMilli(), HOME_LAT, HOME_LON));
        }
        for (int i = 1; i <= 10; i++) {
            double lat = HOME_LAT + Math.min(i, 8) * 0.00105; // ~117 m per minute: walking north
            recs.add(new TeltonikaClient.Rec(start.plusSeconds(60L * (4 + i)), lat, HOME_LON, 9, 6));
        }
        return recs;
    }

    private void send(String imei, List<TeltonikaClient.Rec> recs) throws Exception {
        try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            for (TeltonikaClient.Rec rec : recs) {
                device.send(TeltonikaClient.avlPacket(List.of(rec)));
                // a breach puts the unit in pursuit mode: a command may come between two acknowledgements
                assertThat(ackCollecting(device, new ArrayList<>())).isEqualTo(1);
            }
        }
    }

    /** Reads the acknowledgement of one packet, collecting the Codec 14 commands the server sent in between. */
    private static int ackCollecting(TeltonikaClient device, List<String> commands) throws java.io.IOException {
        int ack = device.readAck();
        for (byte[] c : device.commands()) {
            assertThat(c[0]).as("Codec 14").isEqualTo((byte) 0x0E);
            commands.add(TeltonikaClient.commandText(c));
        }
        device.commands().clear();
        return ack;
    }

    /** A Codec 14 answer (type 06) from the device with this IMEI. */
    private static byte[] codec14Answer(String imei, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(1 + 1 + 1 + 4 + 8 + t.length + 1).put((byte) 0x0E)
                .put((byte) 1).put((byte) 0x06).putInt(8 + t.length);
        String padded = "0" + imei;
        for (int i = 0; i < 8; i++) {
            data.put((byte) Integer.parseInt(padded.substring(2 * i, 2 * i + 2), 16));
        }
        data.put(t).put((byte) 1);
        byte[] d = data.array();
        int crc = 0;
        for (byte b : d) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return java.nio.ByteBuffer.allocate(8 + d.length + 4).putInt(0).putInt(d.length).put(d).putInt(crc).array();
    }

    /** The minimum and send periods of every operator mode, 15 s (FMB parameter list: see device-models.json). */
    static final String PURSUIT_ON = "setparam 10000:15;10005:15;10050:15;10055:15;10100:15;10105:15;10150:15;"
            + "10155:15;10200:15;10205:15;10250:15;10255:15";

    @Test
    void aBreachPutsThePersonsUnitInPursuitAndItsEndRestoresTheInterval() throws Exception {
        String order = ActiveOrders.create(port, "HOUSE_ARREST", CONDITIONS);
        String imei = ActiveOrders.device(port, order, "PERSON_UNIT"); // teltonika-ankle-tag: Codec 14
        Instant start = Instant.now().minusSeconds(20 * 60);
        List<TeltonikaClient.Rec> out = walkOut(start);
        List<String> commands = new ArrayList<>();
        try (TeltonikaClient device = TeltonikaClient.connect(ports.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            for (TeltonikaClient.Rec rec : out) {
                device.send(TeltonikaClient.avlPacket(List.of(rec)));
                assertThat(ackCollecting(device, commands)).isEqualTo(1);
            }
            // positions keep coming while the breach lasts; the engine asks for pursuit mode
            for (int i = 0; i < 40 && commands.isEmpty(); i++) {
                Thread.sleep(250);
                device.send(TeltonikaClient.avlPacket(List.of(new TeltonikaClient.Rec(start.plusSeconds(60L * 15 + i),
                        out.get(out.size() - 1).lat(), HOME_LON, 9, 0))));
                assertThat(ackCollecting(device, commands)).isEqualTo(1);
            }
            assertThat(commands).as("pursuit mode asked of the unit").containsExactly(PURSUIT_ON);
            assertThat(listener.pursuits).anyMatch(p -> p.orderId().toString().equals(order) && p.on());
            device.send(codec14Answer(imei, "New value " + PURSUIT_ON.substring("setparam ".length()) + ";"));
            // back home: two fixes a minute apart clear the alarm, and the normal interval is restored
            for (int i = 1; i <= 5; i++) {
                device.send(TeltonikaClient.avlPacket(List.of(new TeltonikaClient.Rec(start.plusSeconds(60L * (15 + i)),
                        HOME_LAT, HOME_LON, 9, 0))));
                assertThat(ackCollecting(device, commands)).isEqualTo(1);
            }
            for (int i = 0; i < 40 && commands.size() < 2; i++) {
                Thread.sleep(250);
                device.send(TeltonikaClient.avlPacket(List.of(new TeltonikaClient.Rec(start.plusSeconds(60L * 20 + i),
                        HOME_LAT, HOME_LON, 9, 0))));
                assertThat(ackCollecting(device, commands)).isEqualTo(1);
            }
        }
        assertThat(commands).containsExactly(PURSUIT_ON, PURSUIT_ON.replace(":15", ":60"));
        assertThat(listener.pursuits).anyMatch(p -> p.orderId().toString().equals(order) && !p.on());
        org.alterna.testsupport.Api.Response queue = Api.as(port, "operator").get("/api/v1/devices/" + imei + "/commands");
        assertThat(queue.status()).isEqualTo(200);
        JsonNode list = queue.json().get("commands");
        assertThat(list.get(1).get("kind").stringValue()).isEqualTo("PURSUIT_ON");
        assertThat(list.get(1).get("status").stringValue()).isEqualTo("CONFIRMED");
        assertThat(list.get(0).get("kind").stringValue()).isEqualTo("PURSUIT_OFF");
    }

    /** The order's alarms once the first has been published (the engine runs on its own thread). */
    private List<SupervisedAlarm> alarmsOf(String orderId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> listener.alarms.stream().filter(a -> a.orderId().toString().equals(orderId)).toList(),
                        mine -> !mine.isEmpty());
    }

    /** Waits until the engine has evaluated {@code n} positions of the order (then whatever it raised is published). */
    private void awaitPositions(String orderId, int n) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> listener.positions
                .stream().filter(p -> p.orderId().toString().equals(orderId)).count() >= n);
    }

    @Test
    void aRealBreachSentThroughTheGatewayRaisesAnInclusionZoneAlarm() throws Exception {
        String order = ActiveOrders.create(port, "HOUSE_ARREST", CONDITIONS);
        String imei = ActiveOrders.device(port, order, "PERSON_UNIT");
        Instant start = Instant.now().minusSeconds(20 * 60);
        send(imei, walkOut(start));

        List<SupervisedAlarm> alarms = alarmsOf(order);
        assertThat(alarms).isNotEmpty();
        SupervisedAlarm raised = alarms.get(0);
        assertThat(raised.event().kind()).isEqualTo(AlarmEvent.Kind.RAISED);
        assertThat(raised.event().type()).isEqualTo(AlarmType.INCLUSION_ZONE);
        assertThat(raised.event().zone()).isEqualTo("home");
        assertThat(raised.courtCode()).isEqualTo("JIP-LIMA-01");
        assertThat(raised.monitoringCentre()).isEqualTo("CM-LIMA");
        // the breach began when the person left (about the 5th minute), not when the engine became sure
        assertThat(raised.event().start()).isBetween(start.plusSeconds(4 * 60), start.plusSeconds(7 * 60));
        assertThat(raised.event().evidence()).isNotEmpty();
        assertThat(listener.positions).anyMatch(p -> p.orderId().toString().equals(order)
                && p.fix().deviceId().equals(imei));

        Api.Response stored = Api.as(port, "operator").get("/api/v1/orders/" + order + "/engine-events");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        JsonNode first = stored.json().get(0);
        assertThat(first.get("type").stringValue()).isEqualTo("INCLUSION_ZONE");
        assertThat(first.get("kind").stringValue()).isEqualTo("RAISED");
        assertThat(Api.as(port, "judge2").get("/api/v1/orders/" + order + "/engine-events").status())
                .isEqualTo(404);
    }

    @Test
    void theBreachReachesTheAlarmDeskWhereTheOperatorHandlesIt() throws Exception {
        String order = ActiveOrders.create(port, "HOUSE_ARREST", CONDITIONS);
        String imei = ActiveOrders.device(port, order, "PERSON_UNIT");
        send(imei, walkOut(Instant.now().minusSeconds(20 * 60)));
        assertThat(alarmsOf(order)).isNotEmpty();

        Api operator = Api.as(port, "operator");
        JsonNode queue = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> operator.get("/api/v1/alarms?orderId=" + order).json(), q -> q.size() > 0);
        assertThat(queue.size()).isEqualTo(1);
        JsonNode alarm = queue.get(0);
        assertThat(alarm.get("type").stringValue()).isEqualTo("INCLUSION_ZONE");
        assertThat(alarm.get("severity").stringValue()).isEqualTo("SERIOUS");
        assertThat(alarm.get("status").stringValue()).isEqualTo("OPEN");
        String id = alarm.get("id").stringValue();
        assertThat(Api.as(port, "judge2").get("/api/v1/alarms/" + id).status()).isEqualTo(404);

        assertThat(operator.post("/api/v1/alarms/" + id + "/acknowledgement", Map.of()).status()).isEqualTo(200);
        Api.Response noNote = operator.post("/api/v1/alarms/" + id + "/resolution",
                Map.of("code", "CONFIRMED_VIOLATION"));
        assertThat(noNote.status()).isEqualTo(400);
        Api.Response resolved = operator.post("/api/v1/alarms/" + id + "/resolution", Map.of(
                "code", "CONFIRMED_VIOLATION", "note", "Salió de su domicilio; se informó al juzgado."));
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(operator.get("/api/v1/alarms/" + id).json().at("/alarm/status").stringValue()).isEqualTo("RESOLVED");
    }

    @Test
    void positionsAtHomeRaiseNothing() throws Exception {
        String order = ActiveOrders.create(port, "HOUSE_ARREST", CONDITIONS);
        String imei = ActiveOrders.device(port, order, "PERSON_UNIT");
        Instant start = Instant.now().minusSeconds(20 * 60);
        List<TeltonikaClient.Rec> home = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            // jitter of a few tens of metres inside the circle, as a tag at home reports
            home.add(TeltonikaClient.Rec.at(start.plusSeconds(60L * i).toEpochMilli(),
                    HOME_LAT + ((i % 3) - 1) * 0.0002, HOME_LON + ((i % 2) - 0.5) * 0.0003));
        }
        send(imei, home);
        awaitPositions(order, 15);
        assertThat(listener.alarms).noneMatch(a -> a.orderId().toString().equals(order));
        assertThat(listener.positions).filteredOn(p -> p.orderId().toString().equals(order)).hasSize(15);
    }

    @Test
    void anAuthorisedAbsenceSuspendsTheRuleAndIsAudited() throws Exception {
        String order = ActiveOrders.create(port, "HOUSE_ARREST", CONDITIONS);
        String imei = ActiveOrders.device(port, order, "PERSON_UNIT");
        Instant start = Instant.now().minusSeconds(20 * 60);
        Api supervisor = Api.as(port, "supervisor");
        Api.Response bad = supervisor.post("/api/v1/orders/" + order + "/authorised-absences",
                Map.of("from", start.toString(), "to", start.minusSeconds(60).toString(),
                        "types", List.of("INCLUSION_ZONE"), "reason", "cita médica"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").stringValue()).isEqualTo("to");
        Api.Response absence = supervisor.post("/api/v1/orders/" + order + "/authorised-absences",
                Map.of("from", start.toString(), "to", start.plusSeconds(3600).toString(),
                        "types", List.of("INCLUSION_ZONE"), "reason", "cita médica en el Hospital Loayza"));
        assertThat(absence.status()).as(absence.toString()).isEqualTo(201);
        send(imei, walkOut(start));
        awaitPositions(order, walkOut(start).size());
        assertThat(listener.alarms).noneMatch(a -> a.orderId().toString().equals(order));
        Api.Response audit = Api.as(port, "auditor").get("/api/v1/audit?recordId=" + order + "&action=order.absence");
        assertThat(audit.json().size()).isEqualTo(1);
        assertThat(audit.json().get(0).get("username").stringValue()).isEqualTo("supervisor");
        assertThat(Api.as(port, "judge2").get("/api/v1/orders/" + order + "/authorised-absences").status())
                .isEqualTo(404);
    }

    @Test
    void theZonesNearAPointFollowActivationVariationAndRevocation() throws Exception {
        // a home of its own, ~2 km from the other tests' orders
        double lat = -12.1385;
        double lon = -77.0152;
        String conditions = """
                {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[%s,%s]},
                  "radiusMeters":100}],"noCommunicationMinutes":30}""".formatted(lon, lat);
        String order = ActiveOrders.create(port, "HOUSE_ARREST", conditions);
        Api operator = Api.as(port, "operator");
        String here = "/api/v1/supervision/zones-near?lat=" + lat + "&lon=" + lon + "&radius=50";

        JsonNode near = operator.get(here).json();
        JsonNode home = mine(near, order);
        assertThat(home).as(near.toString()).isNotNull();
        assertThat(home.get("zoneId").stringValue()).isEqualTo("home");
        assertThat(home.get("type").stringValue()).isEqualTo("INCLUSION");
        assertThat(home.get("distanceMeters").doubleValue()).isBetween(-101.0, -99.0); // at the centre: 100 m deep
        // 300 m east: not within 50 m of the home circle, but within 250 m
        double east = lon + 300 / (111_320 * Math.cos(Math.toRadians(lat)));
        assertThat(mine(operator.get("/api/v1/supervision/zones-near?lat=" + lat + "&lon=" + east + "&radius=50")
                .json(), order)).isNull();
        JsonNode far = mine(operator.get("/api/v1/supervision/zones-near?lat=" + lat + "&lon=" + east
                + "&radius=250").json(), order);
        assertThat(far.get("distanceMeters").doubleValue()).isBetween(195.0, 205.0);
        // the audit trail says who asked and which cases' zones were shown, never where: the point queried is
        // where a person is or a victim lives, and the audit trail is kept for good and read by the auditor
        JsonNode asked = Api.as(port, "auditor").get("/api/v1/audit?action=zones.near&username=operator&limit=1000")
                .json();
        assertThat(asked.size()).isGreaterThanOrEqualTo(3);
        assertThat(asked.toString()).contains(order, "not kept")
                .doesNotContain(String.valueOf(lat), String.valueOf(lon), String.format(java.util.Locale.ROOT,
                        "%.5f", east), String.format(java.util.Locale.ROOT, "%.4f", lat));

        // the judge adds an exclusion zone: it is found at once
        Api judge = Api.as(port, "judge");
        String today = java.time.LocalDate.now(java.time.ZoneId.of("America/Lima")).toString();
        double sLat = lat + 0.01;
        Api.Response varied = judge.post("/api/v1/orders/" + order + "/variations", """
                {"resolutionNumber":"RES-77","resolutionDate":"%s","effectiveFrom":"2021-01-01T00:00:00Z",
                 "conditions":{"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point",
                   "coordinates":[%s,%s]},"radiusMeters":100},{"id":"school","type":"EXCLUSION","geometry":
                   {"type":"Point","coordinates":[%s,%s]},"radiusMeters":150}],"noCommunicationMinutes":30}}"""
                .formatted(today, lon, lat, lon, sLat));
        assertThat(varied.status()).as(varied.toString()).isEqualTo(201);
        JsonNode school = mine(operator.get("/api/v1/supervision/zones-near?lat=" + sLat + "&lon=" + lon
                + "&radius=10").json(), order);
        assertThat(school).isNotNull();
        assertThat(school.get("zoneId").stringValue()).isEqualTo("school");
        assertThat(school.get("type").stringValue()).isEqualTo("EXCLUSION");

        // only monitoring staff ask, within their scope, and bad points are refused
        assertThat(Api.as(port, "judge").get(here).status()).isEqualTo(403);
        Api.Response bad = operator.get("/api/v1/supervision/zones-near?lat=95&lon=" + lon);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").stringValue()).isEqualTo("lat");

        // revoked: no longer supervised, its zones are gone
        Api.Response revoked = judge.post("/api/v1/orders/" + order + "/revocation",
                java.util.Map.of("resolutionNumber", "RES-78", "resolutionDate", today));
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(mine(operator.get(here).json(), order)).isNull();
    }

    private static JsonNode mine(JsonNode zones, String order) {
        for (JsonNode z : zones) {
            if (z.get("orderId").stringValue().equals(order)) {
                return z;
            }
        }
        return null;
    }
}
