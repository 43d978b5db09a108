package org.alterna.simulation.fleet;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.alterna.gateway.GatewayPorts;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.FixStore;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The simulator against the real application over loopback sockets: what it sends is acknowledged and stored. */
@H2Test
class SimulatorAgainstServerTest {
    static final Instant START = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts gateway;
    @Autowired
    FixStore store;

    /** Captures every record the server acknowledged (H02: written), by device. */
    static final class Capture implements Simulator.Listener {
        final Map<String, List<SimFix>> delivered = new ConcurrentHashMap<>();
        final Map<String, List<SimFix>> taken = new ConcurrentHashMap<>();

        @Override
        public void taken(String imei, SimFix fix) {
            taken.computeIfAbsent(imei, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(fix);
        }

        @Override
        public void delivered(String imei, List<SimFix> fixes) {
            delivered.computeIfAbsent(imei, k -> java.util.Collections.synchronizedList(new ArrayList<>())).addAll(fixes);
        }
    }

    Simulator.Config config(String protocol, int devices, int firstIndex, long seed) {
        return new Simulator.Config(protocol, "127.0.0.1", gateway.ports(), devices, firstIndex, Duration.ofSeconds(1),
                Duration.ofMillis(3500), 0.3, seed, START, false, 0, Duration.ofSeconds(5), null, null);
    }

    Registrar admin() {
        return new Registrar("http://127.0.0.1:" + port, "admin", "demo").login();
    }

    void register(Simulator sim, Simulator.Config config) {
        List<String[]> devices = new ArrayList<>();
        for (Tag t : sim.tags()) {
            devices.add(new String[] {t.imei, config.protocolOf(t.person.index)});
        }
        admin().registerDevices(devices, 4);
    }

    void assertStored(Capture capture, double tolerance) {
        assertThat(capture.delivered).isNotEmpty();
        capture.delivered.forEach((imei, sent) -> {
            List<SimFix> expected = new ArrayList<>(sent);
            expected.sort(Comparator.comparing(SimFix::time));
            List<Fix> stored = store.track(imei, START.minusSeconds(60), Instant.now().plusSeconds(86_400));
            assertThat(stored).as("stored fixes of " + imei).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(stored.get(i).deviceTime()).isEqualTo(expected.get(i).time());
                assertThat(stored.get(i).latitude()).isCloseTo(expected.get(i).lat(), within(tolerance));
                assertThat(stored.get(i).longitude()).isCloseTo(expected.get(i).lon(), within(tolerance));
                assertThat(stored.get(i).valid()).isEqualTo(expected.get(i).valid());
            }
        });
    }

    @Test
    void everyAcknowledgedProtocolGetsEveryRecordAcknowledgedAndStored() throws Exception {
        int first = 0;
        for (String protocol : List.of("teltonika", "gt06", "osmand")) {
            Simulator.Config config = config(protocol, 3, first, 11);
            first += 10;
            Capture capture = new Capture();
            Simulator sim = new Simulator(config);
            sim.listener(capture);
            register(sim, config);
            Simulator.Report r = sim.run(Duration.ofSeconds(10));
            assertThat(r.sent()).as(protocol + " " + r.line()).isGreaterThanOrEqualTo(6);
            assertThat(r.acknowledged()).as(protocol + " " + r.line()).isEqualTo(r.sent());
            assertThat(r.resent()).isZero();
            assertThat(r.refused()).isZero();
            assertThat(r.p99Millis()).isPositive();
            assertStored(capture, 2e-6);
        }
    }

    @Test
    void osmandDevicesSharingAFewConnectionsGetEveryRecordAcknowledgedAndStored() throws Exception {
        Simulator.Config config = config("osmand", 12, 500, 14).withHttpConnections(3);
        Capture capture = new Capture();
        Simulator sim = new Simulator(config);
        sim.listener(capture);
        register(sim, config);
        Simulator.Report r = sim.run(Duration.ofSeconds(10));
        assertThat(r.connected()).as(r.line()).isEqualTo(3);
        assertThat(r.sent()).as(r.line()).isGreaterThanOrEqualTo(12 * 3);
        assertThat(r.acknowledged()).as(r.line()).isEqualTo(r.sent());
        assertThat(r.errors()).isZero();
        assertThat(capture.delivered).hasSize(12);
        assertStored(capture, 2e-6); // each answer went back to the device that asked

        // an unknown device among known ones is refused alone, on the same connections
        Simulator.Config mixed = config("osmand", 6, 600, 14).withHttpConnections(2);
        Simulator partly = new Simulator(mixed);
        List<String[]> known = new ArrayList<>();
        for (Tag t : partly.tags().subList(1, 6)) {
            known.add(new String[] {t.imei, "osmand"});
        }
        admin().registerDevices(known, 4);
        Simulator.Report p = partly.run(Duration.ofSeconds(10));
        assertThat(p.refused()).as(p.line()).isEqualTo(1);
        assertThat(p.acknowledged()).as(p.line()).isEqualTo(p.sent() - 1);
    }

    @Test
    void h02RecordsAreStoredWithoutAcknowledgement() throws Exception {
        Simulator.Config config = config("h02", 3, 100, 11);
        Capture capture = new Capture();
        Simulator sim = new Simulator(config);
        sim.listener(capture);
        register(sim, config);
        Simulator.Report r = sim.run(Duration.ofSeconds(5));
        assertThat(r.sent()).isGreaterThanOrEqualTo(6);
        assertThat(r.acknowledged()).isZero();
        // nothing to wait for on the wire: the records are there once the store has committed
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertStored(capture, 3e-6));
    }

    @Test
    void recordsLostWithTheConnectionAreResentAndStoredOnce() throws Exception {
        for (String protocol : List.of("teltonika", "gt06", "osmand")) {
            Simulator.Config config = config(protocol, 4, 200 + protocol.length() * 10, 12).withDropRate(0.4);
            Capture capture = new Capture();
            Simulator sim = new Simulator(config);
            sim.listener(capture);
            register(sim, config);
            Simulator.Report r = sim.run(Duration.ofSeconds(30));
            assertThat(r.resent()).as(protocol + " " + r.line()).isPositive();
            assertThat(r.acknowledged()).as(protocol + " " + r.line()).isEqualTo(r.sent());
            long taken = capture.taken.values().stream().mapToLong(List::size).sum();
            assertThat(r.sent()).isEqualTo(taken);
            assertStored(capture, 2e-6); // every record once, however often it was sent
        }
    }

    @Test
    void unknownDevicesAreRefused() throws Exception {
        for (String protocol : List.of("teltonika", "gt06", "osmand")) {
            Simulator sim = new Simulator(config(protocol, 2, 300, 99));
            Simulator.Report r = sim.run(Duration.ofSeconds(3));
            assertThat(r.refused()).as(protocol + " " + r.line()).isEqualTo(2);
            assertThat(r.acknowledged()).isZero();
        }
    }

    @Test
    void registerCreatesPeopleAndActiveOrdersWhoseZonesMatchTheSimulatedPeople() throws Exception {
        Simulator.Config config = config("mixed", 6, 400, 13).withVictimUnits(true);
        Simulator sim = new Simulator(config);
        register(sim, config);
        Registrar api = admin();
        assertThat(api.activeCases(sim.tags(), LocalDate.now(Registrar.LIMA))).isEqualTo(6);
        assertThat(api.activeCases(sim.tags(), LocalDate.now(Registrar.LIMA))).as("nothing twice").isZero();
        Api admin = Api.as(port, "admin");
        for (Tag t : sim.tags()) {
            JsonNode device = admin.get("/api/v1/devices/" + t.imei).json();
            String orderId = device.at("/currentAssignment/orderId").stringValue();
            assertThat(orderId).as("assignment of " + t.imei).isNotNull();
            assertThat(device.at("/currentAssignment/role").stringValue())
                    .isEqualTo(t.victimUnit ? "VICTIM_UNIT" : "PERSON_UNIT");
            JsonNode order = admin.get("/api/v1/orders/" + orderId).json();
            assertThat(order.get("status").stringValue()).isEqualTo("ACTIVE");
            assertThat(order.get("measureType").stringValue()).isEqualTo(t.person.measure);
            assertThat(order.get("synthetic").booleanValue()).isTrue();
            JsonNode home = admin.get("/api/v1/orders/" + orderId + "/conditions").json().at("/conditions/zones/0");
            assertThat(home.get("id").stringValue()).isEqualTo("home");
            assertThat(home.at("/geometry/coordinates/0").doubleValue()).isCloseTo(t.person.homeLon(), within(1e-6));
            assertThat(home.at("/geometry/coordinates/1").doubleValue()).isCloseTo(t.person.homeLat(), within(1e-6));
        }
        assertThat(sim.tags().stream().filter(t -> t.victimUnit)).hasSize(1);
        sim.close();
    }

    @Test
    void theSimulateCommandRegistersThenSendsAndReportsWithoutSpring(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path summary = dir.resolve("summary.txt");
        int status = org.alterna.Alterna.run("simulate", "--protocol", "gt06", "--host", "127.0.0.1", "--port",
                String.valueOf(gateway.port("gt06")), "--devices", "3", "--interval", "1", "--duration", "3",
                "--seed", "21", "--violations", "0.5", "--register", "http://admin:demo@127.0.0.1:" + port,
                "--summary-file", summary.toString());
        assertThat(status).isZero();
        Map<String, String> figures = new java.util.HashMap<>();
        for (String kv : java.nio.file.Files.readString(summary).trim().split(" ")) {
            figures.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertThat(Long.parseLong(figures.get("sent"))).isGreaterThanOrEqualTo(6);
        assertThat(figures.get("acknowledged")).isEqualTo(figures.get("sent"));
        assertThat(figures.get("refused")).isEqualTo("0");
        // the devices got people and active orders, the records are stored
        Api admin = Api.as(port, "admin");
        String imei = SimulatedPerson.imei(21, 0, 0);
        assertThat(admin.get("/api/v1/devices/" + imei).json().at("/currentAssignment/role").stringValue())
                .isEqualTo("PERSON_UNIT");
        assertThat(store.count(imei)).isGreaterThanOrEqualTo(2);
        assertThat(org.alterna.Alterna.run("simulate", "--protocol", "nonsense", "--duration", "1")).isEqualTo(2);
    }
}
