package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook sender against real HTTP receivers: the hard deadline, no redirects followed. */
class WebhookSenderTest {

    static WebhookSender sender(Duration timeout) {
        NotificationSettings settings = new NotificationSettings(3, new NotificationSettings.Backoff(
                Duration.ofSeconds(30), Duration.ofHours(1)), timeout.multipliedBy(2), timeout, 2,
                new NotificationSettings.Webhook(List.of("127.0.0.1/32"), Duration.ofSeconds(5)),
                new NotificationSettings.Mail("x@y"), new NotificationSettings.Sms("", ""));
        return new WebhookSender(WebhookAddressPolicyTest.policy(List.of("127.0.0.1/32"), Map.of()), settings);
    }

    @Test
    void aReceiverThatTricklesItsAnswerIsCutAtTheTimeout() throws Exception {
        HttpServer trickle = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trickle.setExecutor(Executors.newCachedThreadPool());
        trickle.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: a byte every 200 ms for a minute, never idle for long
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 300; i++) {
                    out.write('.');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (Exception closedByTheClient) {
                // expected
            }
        });
        trickle.start();
        WebhookSender sender = sender(Duration.ofSeconds(1));
        try {
            Instant start = Instant.now();
            assertThatThrownBy(() -> sender.send("http://127.0.0.1:" + trickle.getAddress().getPort() + "/hook",
                    "d-1", "RAISED", "{}".getBytes(StandardCharsets.UTF_8), "secret-secret-secret", Instant.now()))
                    .isInstanceOf(InterruptedIOException.class).hasMessageContaining("no complete answer within PT1S");
            // cut by the deadline, not by the per-read socket timeout (which the trickle never reaches)
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        } finally {
            sender.destroy();
            trickle.stop(0);
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/internal");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/internal", exchange -> {
            inside.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        WebhookSender sender = sender(Duration.ofSeconds(5));
        try {
            assertThatThrownBy(() -> sender.send("http://127.0.0.1:" + server.getAddress().getPort() + "/hook", "d-2",
                    "RAISED", "{}".getBytes(StandardCharsets.UTF_8), "secret-secret-secret", Instant.now()))
                    .hasMessageContaining("HTTP 307");
            assertThat(inside.get()).isZero();
        } finally {
            sender.destroy();
            server.stop(0);
        }
    }
}
