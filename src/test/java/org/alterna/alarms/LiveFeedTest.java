package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.alterna.identity.Role;
import org.alterna.supervision.SupervisedPosition;
import org.alterna.telemetry.Fix;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.ScopeFixture;
import org.alterna.testsupport.ScopeFixture.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The one live feed over real HTTP, against the two-sided fixture: what each role receives is in the access matrix;
 * here, what changes with time: a resolved alarm leaves the police's stream, a disabled or re-scoped account loses
 * its stream within seconds, a slow browser is dropped without holding up the others or the publisher, idle streams
 * get heartbeats, subscriptions are audited.
 */
@H2Test
@TestPropertySource(properties = {"alterna.jobs.enabled=false", "alterna.live.heartbeat=PT0.3S",
        "alterna.live.queue-size=32"})
class LiveFeedTest {
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    LiveFeedHub hub;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LiveSettings settings;

    ScopeFixture fx;

    @BeforeEach
    void seed() {
        fx = ScopeFixture.of(port, context);
    }

    record Event(String name, JsonNode data) {
    }

    /** Reads a text/event-stream in a thread. */
    final class Stream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final AtomicBoolean ended = new AtomicBoolean();
        final InputStream body;
        final int status;

        Stream(String user) throws Exception {
            this(user, true);
        }

        Stream(String user, boolean read) throws Exception {
            String password = user.matches("[a-z]+-[ab][12]") ? ScopeFixture.PASSWORD : "demo";
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/live"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .GET().build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            if (!read) {
                return;
            }
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception closed) {
                    // stream closed by the test
                }
                ended.set(true);
            }, "sse-reader-" + user);
            reader.setDaemon(true);
            reader.start();
            if (status == 200) {
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith(":connected")));
            }
        }

        List<Event> events() {
            List<Event> events = new ArrayList<>();
            String name = null;
            for (String line : lines) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:") && name != null) {
                    events.add(new Event(name, Api.JSON.readTree(line.substring(5).trim())));
                    name = null;
                }
            }
            return events;
        }

        boolean has(String name, Predicate<JsonNode> p) {
            return events().stream().anyMatch(e -> e.name().equals(name) && p.test(e.data()));
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    void position(Side s, String orderId, boolean victim) {
        List<double[]> points = s.points.get(victim ? "victim-positions" : "positions");
        double[] p = points.get(points.size() - 1);
        context.publishEvent(new SupervisedPosition(UUID.fromString(orderId), "Rosa " + s.personToken, victim,
                s.court, s.region, s.centre, s.user(Role.PROSECUTOR, 1), new Fix(victim ? s.victimDeviceId
                        : s.deviceId, Instant.now(), Instant.now(), p[0], p[1], null, null, null, 9, null, 5.0, true,
                        Fix.PositionSource.GPS, 70, false, false, Fix.StrapState.CLOSED, Set.of(), Map.of())));
    }

    @Test
    void policeStopReceivingAnAlarmOnceItIsResolved() throws Exception {
        Side a = fx.a;
        String alarm = a.scratchAlarmId;
        try (Stream police = new Stream(a.user(Role.POLICE, 1)); Stream operator = new Stream(a.user(Role.OPERATOR, 1))) {
            Api op = fx.as(a.user(Role.OPERATOR, 1));
            assertThat(op.post("/api/v1/alarms/" + alarm + "/acknowledgement", null).status()).isIn(200, 409);
            await().atMost(Duration.ofSeconds(10)).until(() -> police.has("alarm", d -> d.get("id").asString()
                    .equals(alarm)));
            // while the alarm is open the police follow the person's position
            position(a, a.scratchOrderId, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> police.has("position",
                    d -> d.get("orderId").asString().equals(a.scratchOrderId)));
            Api.Response resolved = op.post("/api/v1/alarms/" + alarm + "/resolution",
                    Map.of("code", "FALSE_ALARM", "note", "Falsa alarma (prueba)"));
            assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> operator.has("alarm",
                    d -> d.get("id").asString().equals(alarm) && d.get("status").asString().equals("RESOLVED")));
            int positionsBefore = (int) police.events().stream().filter(e -> e.name().equals("position")).count();
            position(a, a.scratchOrderId, false);
            position(a, a.orderId, false); // the order with an open PANIC: still followed
            await().atMost(Duration.ofSeconds(10)).until(() -> operator.events().stream()
                    .filter(e -> e.name().equals("position")).count() >= 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> police.events().stream()
                    .filter(e -> e.name().equals("position")).count() > positionsBefore);
            assertThat(police.has("alarm", d -> d.get("id").asString().equals(alarm)
                    && d.get("status").asString().equals("RESOLVED"))).as("a resolved alarm").isFalse();
            assertThat(police.events().stream().filter(e -> e.name().equals("position")).skip(positionsBefore)
                    .map(e -> e.data().get("orderId").asString())).as("positions after the resolution")
                    .containsOnly(a.orderId);
            // and the REST desk no longer shows it
            assertThat(fx.as(a.user(Role.POLICE, 1)).get("/api/v1/alarms/" + alarm).status()).isEqualTo(404);
            assertThat(fx.as(a.user(Role.POLICE, 1)).get("/api/v1/alarms").body()).doesNotContain(alarm);
            // every look the police had is listed for the judge, with its basis
            JsonNode log = fx.as(a.user(Role.JUDGE, 1)).get("/api/v1/orders/" + a.scratchOrderId + "/police-access")
                    .json();
            assertThat(log.findValuesAsString("username")).contains(a.user(Role.POLICE, 1));
            assertThat(log.findValuesAsString("reference")).contains(alarm);
            assertThat(log.findValuesAsString("channel")).contains("LIVE");
        }
    }

    static long positionsOf(Stream s, String orderId) {
        return s.events().stream().filter(e -> e.name().equals("position")
                && e.data().get("orderId").asString().equals(orderId)).count();
    }

    @Test
    void aJudgesAuthorisationLetsThePoliceOfTheJurisdictionFollowTheCaseUntilRevoked() throws Exception {
        Side a = fx.a;
        String order = fx.newActiveOrder(a, false);
        Api judge = fx.as(a.user(Role.JUDGE, 1));
        try (Stream police = new Stream(a.user(Role.POLICE, 1)); Stream otherPolice = new Stream(fx.b.user(Role.POLICE, 1));
                Stream operator = new Stream(a.user(Role.OPERATOR, 1))) {
            position(a, order, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> positionsOf(operator, order) == 1);
            Api.Response granted = judge.post("/api/v1/orders/" + order + "/police-authorisations", Map.of(
                    "until", Instant.now().plusSeconds(3600).toString(), "reason", "Búsqueda (prueba)"));
            assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
            String id = String.valueOf(granted.json().get("id").asLong());
            position(a, order, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> positionsOf(police, order) == 1);
            assertThat(judge.post("/api/v1/orders/" + order + "/police-authorisations/" + id + "/revocation",
                    Map.of("reason", "fin del operativo")).status()).isEqualTo(200);
            position(a, order, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> positionsOf(operator, order) == 3);
            assertThat(positionsOf(police, order)).as("after the revocation").isEqualTo(1);
            assertThat(positionsOf(otherPolice, order)).as("another jurisdiction").isZero();
            JsonNode log = judge.get("/api/v1/orders/" + order + "/police-access").json();
            assertThat(log).hasSize(1);
            assertThat(log.get(0).get("basis").asString()).isEqualTo("AUTHORISATION");
            assertThat(log.get(0).get("reference").asString()).isEqualTo(id);
            assertThat(log.get(0).get("username").asString()).isEqualTo(a.user(Role.POLICE, 1));
        }
    }

    @Test
    void aDisabledOrRescopedAccountLosesItsStreamWithinSeconds() throws Exception {
        Side a = fx.a;
        Api admin = Api.as(port, "admin");
        try (Stream operator = new Stream(a.user(Role.OPERATOR, 2)); Stream judge = new Stream(a.user(Role.JUDGE, 2));
                Stream keeps = new Stream(a.user(Role.SUPERVISOR, 2))) {
            assertThat(admin.put("/api/v1/users/" + a.user(Role.OPERATOR, 2), Map.of("enabled", false)).status())
                    .isEqualTo(200);
            assertThat(admin.put("/api/v1/users/" + a.user(Role.JUDGE, 2), Map.of("courtCode", fx.b.court)).status())
                    .isEqualTo(200);
            // re-checked at least every 5 s, with no event needed
            await().atMost(Duration.ofSeconds(7)).until(() -> operator.ended.get() && judge.ended.get());
            assertThat(keeps.ended.get()).isFalse();
            // and a disabled account cannot subscribe again
            try (Stream again = new Stream(a.user(Role.OPERATOR, 2), false)) {
                assertThat(again.status).isEqualTo(401);
            }
        } finally {
            admin.put("/api/v1/users/" + a.user(Role.OPERATOR, 2), Map.of("enabled", true));
            admin.put("/api/v1/users/" + a.user(Role.JUDGE, 2), Map.of("courtCode", a.court));
        }
    }

    @Test
    void aSlowBrowserIsDroppedWithoutHoldingUpTheOthersOrThePublisher() throws Exception {
        Side a = fx.a;
        long droppedBefore = hub.droppedSubscribers();
        String bulk = "x".repeat(8_000); // large events fill the slow browser's socket buffers quickly
        try (Stream slow = new Stream(a.user(Role.SUPERVISOR, 1), false);
                Stream reader = new Stream(a.user(Role.OPERATOR, 1))) {
            assertThat(slow.status).isEqualTo(200);
            // the slow browser never reads: its socket fills, then its queue; the publisher and the reader go on
            for (int batch = 0; batch < 2_000 && hub.droppedSubscribers() == droppedBefore; batch++) {
                int seen = count(reader, "position");
                for (int i = 0; i < 16; i++) {
                    context.publishEvent(new SupervisedPosition(UUID.fromString(a.orderId), bulk, false, a.court,
                            a.region, a.centre, null, fix(a.deviceId)));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> count(reader, "position") >= seen + 16);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hub.droppedSubscribers() > droppedBefore);
            String marker = "last-" + UUID.randomUUID();
            context.publishEvent(new SupervisedPosition(UUID.fromString(a.orderId), marker, false, a.court, a.region,
                    a.centre, null, fix(a.deviceId)));
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.lines.stream().anyMatch(l -> l.contains(marker)));
            assertThat(reader.ended.get()).isFalse();
        }
    }

    static int count(Stream s, String event) {
        return (int) s.lines.stream().filter(l -> l.equals("event:" + event)).count();
    }

    static Fix fix(String device) {
        return new Fix(device, Instant.now(), Instant.now(), -6.7, -79.8, null, null, null, 9, null, 5.0, true,
                Fix.PositionSource.GPS, 70, false, false, null, Set.of(), Map.of());
    }

    @Test
    void idleStreamsGetHeartbeatsAndEveryStreamTimesOut() throws Exception {
        try (Stream judge = new Stream(fx.a.user(Role.JUDGE, 1))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> judge.lines.stream().anyMatch(l -> l.startsWith(":heartbeat")));
        }
        assertThat(hub.subscribe(new org.alterna.identity.Actor("x", Role.ADMIN, null, null, null)).getTimeout())
                .isEqualTo(settings.timeout().toMillis()).isPositive();
    }

    @Test
    void subscriptionsAreAuditedAsLocationReads() throws Exception {
        String user = fx.a.user(Role.SUPERVISOR, 1);
        long before = audits(user);
        try (Stream s = new Stream(user)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> audits(user) > before);
        }
    }

    long audits(String user) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE username = ? AND action = 'location.subscribe'")
                .param(user).query(Long.class).single();
    }

    @Test
    void auditorsAreRefusedAndPlainApiCallsGet406() throws Exception {
        try (Stream auditor = new Stream(fx.a.user(Role.AUDITOR, 1), false)) {
            assertThat(auditor.status).isEqualTo(403);
        }
        assertThat(fx.as(fx.a.user(Role.OPERATOR, 1)).get("/api/v1/live").status()).isEqualTo(406);
        assertThat(Api.anonymous(port).get("/api/v1/live").status()).isEqualTo(401);
    }
}
