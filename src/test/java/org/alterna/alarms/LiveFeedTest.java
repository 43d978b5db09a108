package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The live feed over real HTTP: each user's stream carries only the alarms and positions of their scope. */
@H2Test
@Import(TestClockConfig.class)
@TestPropertySource(properties = {"alterna.jobs.enabled=false", "alterna.live.heartbeat=PT0.3S"})
class LiveFeedTest {
    @LocalServerPort
    int port;
    @Autowired
    AlarmIntake intake;
    @Autowired
    LiveFeed liveFeed;

    record Event(String name, JsonNode data) {
    }

    /** Reads a text/event-stream in a thread. */
    final class Stream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final InputStream body;
        final int status;

        Stream(String user) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/live"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                    .GET().build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception closed) {
                    // stream closed by the test
                }
            }, "sse-reader-" + user);
            reader.setDaemon(true);
            reader.start();
            if (status == 200) {
                await(() -> lines.stream().anyMatch(l -> l.startsWith(":connected")));
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

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(20);
        }
    }

    static PositionUpdate position(UUID order, String court, String centre, String prosecutor, double lat) {
        return new PositionUpdate(order, "861234567890123", "Rosa Quispe", Instant.now(), lat, -77.03, 9.0, 80,
                false, "CLOSED", court, "Lima", centre, prosecutor);
    }

    @Test
    void eachUserSeesOnlyTheirScope() throws Exception {
        UUID order = AlarmFixtures.order(port);
        try (Stream operator = new Stream("operator"); Stream judge2 = new Stream("judge2");
                Stream police = new Stream("police"); Stream admin = new Stream("admin");
                Stream prosecutor = new Stream("prosecutor")) {
            Alarm critical = intake.raise(AlarmFixtures.signal(order, "PANIC", null, Instant.now()));
            Alarm info = intake.raise(AlarmFixtures.signal(order, "LOW_BATTERY", null, Instant.now()));
            liveFeed.position(position(order, AlarmFixtures.COURT_A, "CM-LIMA", "prosecutor", -12.1));
            liveFeed.position(position(UUID.randomUUID(), AlarmFixtures.COURT_B, "CM-AREQUIPA", null, -16.4));

            Predicate<JsonNode> isCritical = d -> d.get("id").asString().equals(critical.id().toString());
            Predicate<JsonNode> isInfo = d -> d.get("id").asString().equals(info.id().toString());
            await(() -> operator.has("alarm", isInfo) && operator.has("position", d -> d.get("lat").asDouble() == -12.1)
                    && admin.has("position", d -> d.get("lat").asDouble() == -16.4)
                    && police.has("alarm", isCritical) && judge2.has("position", d -> true)
                    && prosecutor.has("alarm", isInfo));

            assertThat(operator.has("alarm", isCritical)).isTrue();
            assertThat(operator.has("position", d -> d.get("lat").asDouble() == -16.4)).as("other centre").isFalse();
            assertThat(admin.has("alarm", isCritical)).isTrue();
            JsonNode policeAlarm = police.events().stream().filter(e -> isCritical.test(e.data())).findFirst()
                    .orElseThrow().data();
            assertThat(policeAlarm.at("/position/lat").asDouble()).isEqualTo(-12.1211);
            assertThat(police.has("alarm", isInfo)).as("police: critical only").isFalse();
            assertThat(police.has("position", d -> true)).as("police: no positions").isFalse();
            assertThat(judge2.has("alarm", d -> true)).as("another court's alarms").isFalse();
            assertThat(judge2.has("position", d -> d.get("lat").asDouble() == -12.1)).isFalse();
            assertThat(prosecutor.has("position", d -> d.get("lat").asDouble() == -16.4)).isFalse();
        }
    }

    @Test
    void idleStreamsGetHeartbeats() throws Exception {
        try (Stream judge = new Stream("judge")) {
            await(() -> judge.lines.stream().anyMatch(l -> l.startsWith(":heartbeat")));
        }
    }

    @Test
    void auditorsAreRefusedAndPlainApiCallsGet406() throws Exception {
        try (Stream auditor = new Stream("auditor")) {
            assertThat(auditor.status).isEqualTo(403);
        }
        assertThat(Api.as(port, "operator").get("/api/v1/live").status()).isEqualTo(406);
        assertThat(Api.anonymous(port).get("/api/v1/live").status()).isEqualTo(401);
    }
}
