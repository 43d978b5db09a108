package org.alterna.alarms;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alterna.AlternaApplication;
import org.alterna.testsupport.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A webhook whose receiver is down when the alarm is raised is still delivered — exactly once, correctly signed —
 * after the server restarts on the same database and the receiver comes up.
 */
class OutboxDurabilityTest {
    static final String SECRET = "a-long-shared-webhook-secret";

    record Received(String signature, String event, byte[] body) {
    }

    static ConfigurableApplicationContext start(String url) {
        // run arguments, not builder properties: those are defaults that application*.properties override
        return new SpringApplicationBuilder(AlternaApplication.class).profiles("test").run(
                "--spring.datasource.url=" + url, "--server.port=0", "--alterna.jobs.enabled=false",
                "--alterna.notifications.backoff.initial=PT0.2S", "--alterna.gateway.enabled=false",
                "--alterna.notifications.webhook.allowed-networks=127.0.0.1/32");
    }

    static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void deliveredOnceAfterARestartWhenTheReceiverComesUp(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("alterna").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        int receiverPort = freePort();
        String hook = "http://127.0.0.1:" + receiverPort + "/alarms";
        UUID alarmId;

        try (ConfigurableApplicationContext first = start(url)) {
            int port = port(first);
            Api.Response rule = Api.as(port, "admin").post("/api/v1/notification-rules", Map.of(
                    "name", "Centro de mando", "events", List.of("RAISED"), "channel", "WEBHOOK",
                    "addresses", List.of(hook), "secret", SECRET));
            assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
            UUID order = AlarmFixtures.order(port);
            alarmId = first.getBean(AlarmIntake.class)
                    .raise(AlarmFixtures.signal(order, "EXCLUSION_ZONE", "victim-home", Instant.now())).id();
            assertThat(first.getBean(OutboxDispatcher.class).dispatch()).as("receiver is down").isZero();
            Map<String, Object> row = first.getBean(JdbcClient.class)
                    .sql("select status, attempts, last_error from notification_outbox where alarm_id = ?")
                    .param(alarmId).query().singleRow();
            assertThat(row.get("status")).isEqualTo("PENDING");
            assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
            assertThat(row.get("last_error")).isNotNull();
        }

        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.createContext("/alarms", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Alterna-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Alterna-Event"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (ConfigurableApplicationContext second = start(url)) {
            OutboxDispatcher dispatcher = second.getBean(OutboxDispatcher.class);
            // sent once the back-off after the failed attempt is over
            await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(50))
                    .until(dispatcher::dispatch, n -> n == 1);
            // and never again
            await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(2))
                    .until(dispatcher::dispatch, n -> n == 0);

            assertThat(received).hasSize(1);
            Received r = received.get(0);
            assertThat(r.event()).isEqualTo("RAISED");
            String t = r.signature().replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1");
            assertThat(r.signature()).isEqualTo("t=" + t + ",v1=" + hmac(SECRET,
                    (t + "." + new String(r.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
            assertThat(Math.abs(Long.parseLong(t) - Instant.now().getEpochSecond())).isLessThan(300);
            JsonNode body = Api.JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
            assertThat(body.at("/alarm/id").asString()).isEqualTo(alarmId.toString());
            assertThat(body.at("/alarm/severity").asString()).isEqualTo("CRITICAL");
            assertThat(second.getBean(JdbcClient.class)
                    .sql("select status from notification_outbox where alarm_id = ?").param(alarmId)
                    .query(String.class).single()).isEqualTo("SENT");
        } finally {
            receiver.stop(0);
        }
    }

    /** The receiver's own check, written independently of the sender's code. */
    static String hmac(String secret, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(body)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
