package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks against real HTTP receivers on loopback (allow-listed for this test only): one that hangs, one that
 * answers; destinations refused for being private, also behind a DNS name that changes after the rule is saved.
 */
@H2Test
@Import({TestClockConfig.class, WebhooksTest.Dns.class})
@TestPropertySource(properties = {"alterna.jobs.enabled=false",
        "alterna.notifications.webhook.allowed-networks=127.0.0.1/32", "alterna.notifications.timeout=PT20S",
        "alterna.notifications.lease=PT1M", "alterna.notifications.max-attempts=3"})
class WebhooksTest {
    static final String SECRET = "receiver-shared-secret-0001";
    /** Test DNS: names listed here resolve to the given address; anything else through the system. */
    static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class Dns {
        @Bean
        WebhookAddressPolicy.HostResolver testResolver() {
            return host -> {
                String ip = NAMES.get(host);
                return ip == null ? InetAddress.getAllByName(host) : new InetAddress[] {InetAddress.getByName(ip)};
            };
        }
    }

    record Received(Map<String, String> headers, String body, Instant at) {
    }

    /** A receiver on loopback whose behaviour the test switches: ANSWER (204), FAIL (503) or HANG (until released). */
    static final class Receiver {
        enum Mode { ANSWER, FAIL, HANG }

        final HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ANSWER);
        final CountDownLatch release = new CountDownLatch(1);

        Receiver(String address) throws IOException {
            server = HttpServer.create(new InetSocketAddress(address, 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/hook", this::handle);
            server.start();
        }

        void handle(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Mode m = mode.get();
            if (m == Mode.HANG) {
                try {
                    release.await(30, TimeUnit.SECONDS); // never answers while the test runs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            if (m == Mode.ANSWER) {
                received.add(new Received(Map.of(
                        "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Alterna-Signature")),
                        "delivery", String.valueOf(exchange.getRequestHeaders().getFirst("X-Alterna-Delivery")),
                        "event", String.valueOf(exchange.getRequestHeaders().getFirst("X-Alterna-Event"))),
                        body, Instant.now()));
            }
            exchange.sendResponseHeaders(m == Mode.ANSWER ? 204 : 503, -1);
            exchange.close();
        }

        String url() {
            return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                    + "/hook";
        }

        void stop() {
            release.countDown();
            server.stop(0);
        }
    }

    static final List<Receiver> RECEIVERS = new CopyOnWriteArrayList<>();

    static Receiver receiver(String address) throws IOException {
        Receiver r = new Receiver(address);
        RECEIVERS.add(r);
        return r;
    }

    @AfterAll
    static void stopReceivers() {
        RECEIVERS.forEach(Receiver::stop);
    }

    @LocalServerPort
    int port;
    @Autowired
    AlarmIntake intake;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Api admin;

    @BeforeEach
    void setUp() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        admin = Api.as(port, "admin");
    }

    String rule(String name, String url, String alarmType) {
        Api.Response r = admin.post("/api/v1/notification-rules", Map.of("name", name, "events", List.of("RAISED"),
                "alarmTypes", List.of(alarmType), "channel", "WEBHOOK", "addresses", List.of(url), "secret", SECRET));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    Map<String, Object> row(UUID alarm, String url) {
        return jdbc.sql("select id, status, attempts, last_error, next_attempt_at from notification_outbox"
                + " where alarm_id = ? and target = ?").params(alarm, url).query().singleRow();
    }

    /** The receiver's own check of a delivery, written from the documented format, not from the sender's code. */
    static void assertSignedWithin(Received r, String secret, Instant now, Duration window) throws Exception {
        String header = r.headers().get("signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        assertThat(header.substring(header.indexOf("v1=") + 3)).isEqualTo(hex.toString());
        assertThat(Math.abs(now.getEpochSecond() - t)).isLessThanOrEqualTo(window.toSeconds());
        assertThat(Api.JSON.readTree(r.body()).get("delivery").asString()).isEqualTo(r.headers().get("delivery"));
    }

    @Test
    void loopbackPrivateAndLinkLocalDestinationsAreRefusedUnlessAllowListed() {
        NAMES.put("intranet.example", "10.1.2.3");
        for (String[] refused : new String[][] {{"http://10.1.2.3/hook", "private"},
                {"http://192.168.10.20:8080/hook", "private"}, {"http://172.20.0.5/hook", "private"},
                {"http://169.254.169.254/latest/meta-data", "link-local"}, {"http://127.0.0.2/hook", "loopback"},
                {"http://[::1]:9000/hook", "loopback"}, {"http://[fe80::1]/hook", "link-local"},
                {"http://[fd00::1]/hook", "private"}, {"http://[::ffff:192.168.0.1]/hook", "private"},
                {"https://intranet.example/hook", "resolves to 10.1.2.3: private"},
                {"http://0.0.0.0:8080/hook", "unspecified"}}) {
            Api.Response r = admin.post("/api/v1/notification-rules", Map.of("name", "x", "events", List.of("RAISED"),
                    "channel", "WEBHOOK", "addresses", List.of("https://203.0.113.9/ok", refused[0]),
                    "secret", SECRET));
            assertThat(r.status()).as(refused[0] + " " + r).isEqualTo(400);
            assertThat(r.json().get("field").asString()).isEqualTo("addresses[1]");
            assertThat(r.json().get("detail").asString()).contains(refused[1]).contains("refused");
        }
        assertThat(admin.get("/api/v1/notification-rules").json().findValuesAsString("name")).doesNotContain("x");
        // the allow-listed loopback address of this test installation is accepted
        Api.Response ok = admin.post("/api/v1/notification-rules", Map.of("name", "allowed", "events",
                List.of("RAISED"), "channel", "WEBHOOK", "addresses", List.of("http://127.0.0.1:9/hook"),
                "secret", SECRET));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        admin.delete("/api/v1/notification-rules/" + ok.json().get("id").asString());
    }

    @Test
    void aHangingReceiverDelaysNoOtherAndEndsAmongTheDeadDeliveriesForTheAdminToRetry() throws Exception {
        Receiver hanging = receiver("127.0.0.1");
        Receiver healthy = receiver("127.0.0.1");
        hanging.mode.set(Receiver.Mode.HANG);
        String hangRule = rule("Receptor colgado", hanging.url(), "PANIC");
        String okRule = rule("Receptor sano", healthy.url(), "PANIC");
        UUID order = AlarmFixtures.order(port);
        UUID first = intake.raise(AlarmFixtures.signal(order, "PANIC", null, clock.instant())).id();
        UUID second = intake.raise(AlarmFixtures.signal(AlarmFixtures.order(port), "PANIC", null, clock.instant())).id();

        dispatcher.dispatchInBackground();
        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.received.size() == 2);
        // both deliveries to the healthy receiver went out while the first one to the hanging receiver was open
        assertThat(hanging.requests.get()).isEqualTo(1);
        assertThat(row(first, hanging.url()).get("last_error")).as("still waiting for the hanging receiver").isNull();
        assertThat(row(first, healthy.url()).get("status")).isEqualTo("SENT");
        assertThat(row(second, healthy.url()).get("status")).isEqualTo("SENT");
        // a round started meanwhile leaves the busy receiver alone: no second request to it while one hangs
        assertThat(dispatcher.dispatch()).isZero();
        assertThat(hanging.requests.get()).isEqualTo(1);
        for (Received r : healthy.received) {
            assertSignedWithin(r, SECRET, Instant.now(), Duration.ofMinutes(5));
            assertThat(r.headers().get("event")).isEqualTo("RAISED");
        }

        // the hanging receiver finally drops the connection: a failed attempt; its other delivery waits for the
        // back-off untried (the cut at alterna.notifications.timeout is WebhookSenderTest's)
        hanging.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> row(first, hanging.url()).get("last_error") != null);
        Map<String, Object> cut = row(first, hanging.url());
        assertThat(cut.get("status")).isEqualTo("PENDING");
        assertThat(((Number) cut.get("attempts")).intValue()).isEqualTo(1);
        Map<String, Object> held = row(second, hanging.url());
        assertThat(((Number) held.get("attempts")).intValue()).isZero();
        assertThat(jdbc.sql("select next_attempt_at from notification_outbox where id = ?").param(held.get("id"))
                .query(java.sql.Timestamp.class).single().toInstant()).isAfter(clock.instant());
        assertThat(hanging.requests.get()).isEqualTo(1);

        // two more failures: dead after alterna.notifications.max-attempts=3
        hanging.mode.set(Receiver.Mode.FAIL);
        clock.advance(Duration.ofSeconds(31));
        dispatcher.dispatch();
        assertThat(row(first, hanging.url()).get("status")).isEqualTo("PENDING");
        assertThat((String) row(first, hanging.url()).get("last_error")).contains("HTTP 503");
        clock.advance(Duration.ofSeconds(61));
        dispatcher.dispatch();
        assertThat(row(first, hanging.url()).get("status")).isEqualTo("DEAD");

        // the administrator sees it among the dead deliveries, and no one else does
        UUID deadId = (UUID) row(first, hanging.url()).get("id");
        JsonNode dead = admin.get("/api/v1/notification-outbox?status=DEAD").json();
        JsonNode mine = null;
        for (JsonNode d : dead) {
            if (d.get("id").asString().equals(deadId.toString())) {
                mine = d;
            }
        }
        assertThat(mine).as(dead.toString()).isNotNull();
        assertThat(mine.get("attempts").asInt()).isEqualTo(3);
        assertThat(mine.get("lastError").asString()).contains("HTTP 503");
        assertThat(mine.has("secret")).isFalse();
        assertThat(Api.as(port, "supervisor").get("/api/v1/notification-outbox?status=DEAD").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/notification-outbox?status=LOST").json().get("field").asString())
                .isEqualTo("status");

        // retry: only a dead one, only by an administrator, audited; then it goes out once the receiver answers
        assertThat(Api.as(port, "supervisor").post("/api/v1/notification-outbox/" + deadId + "/retry", "{}").status())
                .isEqualTo(403);
        assertThat(admin.post("/api/v1/notification-outbox/" + UUID.randomUUID() + "/retry", "{}").status())
                .isEqualTo(404);
        Api.Response retried = admin.post("/api/v1/notification-outbox/" + deadId + "/retry", "{}");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(retried.json().get("attempts").asInt()).isZero();
        assertThat(admin.post("/api/v1/notification-outbox/" + deadId + "/retry", "{}").status()).isEqualTo(409);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'notification.retry' and record_id = ?")
                .param(deadId.toString()).query(Long.class).single()).isEqualTo(1);
        hanging.mode.set(Receiver.Mode.ANSWER);
        dispatcher.dispatch();
        assertThat(row(first, hanging.url()).get("status")).isEqualTo("SENT");
        admin.delete("/api/v1/notification-rules/" + hangRule);
        admin.delete("/api/v1/notification-rules/" + okRule);
    }

    @Test
    void theSecretIsReadFromTheRuleWhenSendingAndNeverStoredWithTheMessage() throws Exception {
        Receiver receiver = receiver("127.0.0.1");
        String rule = rule("Secreto rotado", receiver.url(), "STRAP_TAMPER");
        UUID alarm = intake.raise(AlarmFixtures.signal(AlarmFixtures.order(port), "STRAP_TAMPER", null,
                clock.instant())).id();
        List<String> columns = jdbc.sql("select * from notification_outbox where alarm_id = ?").param(alarm)
                .query((rs, n) -> {
                    List<String> names = new java.util.ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        names.add(rs.getMetaData().getColumnName(i).toLowerCase());
                    }
                    return names;
                }).list().get(0);
        assertThat(columns).doesNotContain("secret");
        String rotated = "rotated-secret-after-enqueue-02";
        JsonNode current = admin.get("/api/v1/notification-rules/" + rule).json();
        Api.Response update = admin.put("/api/v1/notification-rules/" + rule, Map.of("name", current.get("name").asString(),
                "events", List.of("RAISED"), "alarmTypes", List.of("STRAP_TAMPER"), "channel", "WEBHOOK",
                "addresses", List.of(receiver.url()), "secret", rotated));
        assertThat(update.status()).as(update.toString()).isEqualTo(200);
        dispatcher.dispatch();
        assertThat(receiver.received).hasSize(1);
        assertSignedWithin(receiver.received.get(0), rotated, clock.instant(), Duration.ofMinutes(5));

        // a rule deleted before its message went out: nothing to sign with, dead at once (not retried 8 times)
        UUID orphan = intake.raise(AlarmFixtures.signal(AlarmFixtures.order(port), "STRAP_TAMPER", null,
                clock.instant())).id();
        admin.delete("/api/v1/notification-rules/" + rule);
        dispatcher.dispatch();
        Map<String, Object> row = row(orphan, receiver.url());
        assertThat(row.get("status")).isEqualTo("DEAD");
        assertThat((String) row.get("last_error")).contains("deleted");
        assertThat(receiver.received).hasSize(1);
    }

    @Test
    void aNameThatResolvesToARefusedAddressAtSendingTimeIsNeverContacted() throws Exception {
        Receiver internal = receiver("127.0.0.2"); // loopback, but not the allow-listed 127.0.0.1
        int p = internal.server.getAddress().getPort();
        NAMES.put("rebind.example", "203.0.113.77"); // public when the rule is saved
        String rule = rule("Cambia de DNS", "http://rebind.example:" + p + "/hook", "LOW_BATTERY");
        NAMES.put("rebind.example", "127.0.0.2"); // then the name is pointed inside
        UUID alarm = intake.raise(AlarmFixtures.signal(AlarmFixtures.order(port), "LOW_BATTERY", null,
                clock.instant())).id();
        dispatcher.dispatch();
        Map<String, Object> row = row(alarm, "http://rebind.example:" + p + "/hook");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat((String) row.get("last_error")).contains("rebind.example resolves to 127.0.0.2: loopback");
        assertThat(internal.requests.get()).isZero();
        admin.delete("/api/v1/notification-rules/" + rule);
    }
}
