package org.alterna.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.devices.DeviceRegistry;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway on a hostile network, each defence alone with small limits: identify deadline, idle timeout counted on
 * valid frames only, per-address cap, the partial-frame budget, the negative cache of unknown ids, an OsmAnd refusal
 * that tells nothing, implausible fixes flagged, and a model's allow-list of source networks.
 */
@H2Test
@TestPropertySource(properties = {"alterna.gateway.idle-timeout=3s", "alterna.gateway.limits.identify-deadline=1s",
        "alterna.gateway.limits.per-address=3", "alterna.gateway.limits.partial-frame-budget=4KB",
        "alterna.gateway.limits.allowed-networks[teltonika-ankle-tag]=127.0.0.32/29,10.20.0.0/16"})
class HostileNetworkTest {
    @Autowired
    GatewayPorts ports;
    @Autowired
    DeviceRegistry registry;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcClient jdbc;

    static String newImei() {
        return "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    private static TeltonikaClient from(String source, int port) throws IOException {
        return new TeltonikaClient("127.0.0.1", port, 10_000, source);
    }

    private double counter(String name) {
        var c = meters.find(name).counter();
        if (c != null) {
            return c.count();
        }
        var f = meters.find(name).functionCounter();
        return f == null ? 0 : f.count();
    }

    @Test
    void aConnectionThatDoesNotIdentifyIsClosedAtTheDeadline() throws Exception {
        double before = counter("alterna.gateway.identify.timeouts");
        try (TeltonikaClient c = TeltonikaClient.connect(ports.port("gt06"))) {
            c.setTimeout(5000);
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).as("closed at the 1 s deadline, before the 3 s idle")
                    .isBetween(500L, 2_800L);
        }
        assertThat(counter("alterna.gateway.identify.timeouts")).isGreaterThan(before);
    }

    @Test
    void bytesThatNeverMakeAValidFrameDoNotKeepAConnectionAlive() throws Exception {
        String imei = newImei();
        registry.register(imei, "teltonika-default", "teltonika");
        try (TeltonikaClient c = from("127.0.0.9", ports.port("teltonika"))) {
            assertThat(c.login(imei)).isEqualTo(1);
            // a slow-loris: an AVL header declaring 1000 bytes, then one byte every 200 ms
            c.send(new byte[] {0, 0, 0, 0, 0, 0, 0x03, (byte) 0xE8});
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < 10_000_000_000L) {
                try {
                    c.send(new byte[] {0x08});
                    Thread.sleep(200);
                } catch (IOException e) {
                    closed = true;
                }
                if (!closed) {
                    c.setTimeout(1);
                    try {
                        closed = c.readByte() < 0;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        closed = false;
                    }
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("closed while trickling").isTrue();
            assertThat(ms).as("closed at the 3 s idle timeout although bytes kept coming").isBetween(1_500L, 6_000L);
        }
    }

    @Test
    void connectionsFromOneAddressAreCapped() throws Exception {
        int port = ports.port("teltonika");
        List<TeltonikaClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(from("127.0.0.7", port));
            }
            // (all within the 1 s identify deadline)
            for (TeltonikaClient c : open) {
                assertThat(c.silentFor(100)).as("the first three stay open").isTrue();
            }
            try (TeltonikaClient fourth = from("127.0.0.7", port)) {
                fourth.setTimeout(2000);
                assertThat(fourth.closedByServer()).as("a fourth from the same address is closed at once").isTrue();
            }
            try (TeltonikaClient other = from("127.0.0.8", port)) {
                assertThat(other.silentFor(200)).as("another address is not affected").isTrue();
            }
        } finally {
            for (TeltonikaClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void partialFramesBeyondTheGatewayBudgetCloseTheConnectionHoldingThem() throws Exception {
        String imei = newImei();
        registry.register(imei, "teltonika-default", "teltonika");
        double before = counter("alterna.gateway.frame.budget.closed");
        try (TeltonikaClient c = from("127.0.0.10", ports.port("teltonika"))) {
            assertThat(c.login(imei)).isEqualTo(1);
            ByteBuffer header = ByteBuffer.allocate(8).putInt(0).putInt(60_000);
            c.send(header.array());
            try {
                c.send(new byte[5_000]); // 5 KB of a 60 KB frame: more than the 4 KB budget
            } catch (IOException closedWhileSending) {
                // fine
            }
            c.setTimeout(3000);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(counter("alterna.gateway.frame.budget.closed")).isGreaterThan(before);
    }

    @Test
    void anUnknownIdIsAnsweredFromTheNegativeCacheTheSecondTime() throws Exception {
        String imei = newImei();
        double before = counter("alterna.gateway.unknown.cached");
        try (TeltonikaClient c = from("127.0.0.11", ports.port("teltonika"))) {
            assertThat(c.login(imei)).isEqualTo(0);
        }
        try (TeltonikaClient c = from("127.0.0.11", ports.port("teltonika"))) {
            assertThat(c.login(imei)).isEqualTo(0);
        }
        assertThat(counter("alterna.gateway.unknown.cached")).isEqualTo(before + 1);
        registry.register(imei, "teltonika-default", "teltonika");
        try (TeltonikaClient c = from("127.0.0.11", ports.port("teltonika"))) {
            assertThat(c.login(imei)).as("registering the id forgets the cached refusal").isEqualTo(1);
        }
    }

    @Test
    void osmandAnswersAnUnknownAndARetiredIdAlike() throws Exception {
        String unknown = newImei();
        String retired = newImei();
        registry.register(retired, "osmand", "osmand");
        registry.retire(retired);
        HttpClient http = HttpClient.newHttpClient();
        int port = ports.port("osmand");
        HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?id="
                + unknown + "&lat=-12.0464&lon=-77.0428")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> b = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?id="
                + retired + "&lat=-12.0464&lon=-77.0428")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(a.statusCode()).isEqualTo(403).isEqualTo(b.statusCode());
        assertThat(a.body()).isEqualTo(b.body());
    }

    @Test
    void aModelWithAnAllowListIsAdmittedOnlyFromItsNetworks() throws Exception {
        // teltonika-ankle-tag may connect only from 127.0.0.32/29 (and 10.20.0.0/16); a model without a list anywhere
        String tag = newImei();
        registry.register(tag, "teltonika-ankle-tag", "teltonika");
        String tracker = newImei();
        registry.register(tracker, "teltonika-default", "teltonika");
        double before = counter("alterna.gateway.network.refused");
        int port = ports.port("teltonika");
        long t = System.currentTimeMillis() / 1000 * 1000 - 120_000;

        try (TeltonikaClient outside = from("127.0.0.40", port)) {
            assertThat(outside.login(tag)).as("127.0.0.40 is outside 127.0.0.32/29").isEqualTo(0);
            outside.setTimeout(5_000);
            assertThat(outside.closedByServer()).isTrue();
        }
        assertThat(counter("alterna.gateway.network.refused")).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM unknown_device_event WHERE device_id = ? AND reason = 'NETWORK'"
                        + " AND remote_address LIKE '%127.0.0.40%'").param(tag).query(Long.class).single() == 1);

        try (TeltonikaClient inside = from("127.0.0.35", port)) {
            assertThat(inside.login(tag)).as("the same tag from inside its network, at once (not cached as refused)")
                    .isEqualTo(1);
            inside.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t, -12.0464, -77.0428))));
            assertThat(inside.readAck()).isEqualTo(1);
        }
        try (TeltonikaClient anywhere = from("127.0.0.40", port)) {
            assertThat(anywhere.login(tracker)).as("a model without an allow-list, from the same outside address")
                    .isEqualTo(1);
            anywhere.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t, -12.0464, -77.0428))));
            assertThat(anywhere.readAck()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM fixes WHERE device_id IN (?, ?)").params(tag, tracker).query(Long.class)
                .single() == 2);
        assertThat(counter("alterna.gateway.network.refused")).as("no other refusal").isEqualTo(before + 1);
    }

    @Test
    void implausibleFixesAreStoredFlaggedSuspicious() throws Exception {
        String imei = newImei();
        registry.register(imei, "teltonika-default", "teltonika");
        long t = System.currentTimeMillis() / 1000 * 1000 - 3_600_000;
        try (TeltonikaClient c = from("127.0.0.12", ports.port("teltonika"))) {
            assertThat(c.login(imei)).isEqualTo(1);
            c.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t, -12.0464, -77.0428))));
            assertThat(c.readAck()).isEqualTo(1);
            // 55 km in 10 s
            c.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t + 10_000, -12.5464, -77.0428))));
            assertThat(c.readAck()).as("still stored and acknowledged").isEqualTo(1);
            // two hours before the newest
            c.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t - 7_200_000, -12.0465, -77.0428))));
            assertThat(c.readAck()).isEqualTo(1);
            // plausible again, after the first
            c.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(t + 60_000, -12.0470, -77.0428))));
            assertThat(c.readAck()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM fixes WHERE device_id = ?")
                .param(imei).query(Long.class).single() == 4);
        List<String> io = jdbc.sql("SELECT io FROM fixes WHERE device_id = ? ORDER BY device_time").param(imei)
                .query(String.class).list();
        assertThat(io.get(0)).as("2 h back").contains("\"suspicious\":\"timeBack\"");
        assertThat(io.get(1)).doesNotContain("suspicious");
        assertThat(io.get(2)).as("the jump").contains("\"suspicious\":\"speed\"");
        assertThat(io.get(3)).doesNotContain("suspicious");
    }
}
