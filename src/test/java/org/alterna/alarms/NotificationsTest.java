package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** E-mail through an in-process SMTP server (GreenMail) and SMS through a local HTTP gateway, via the outbox. */
@H2Test
@Import(TestClockConfig.class)
@TestPropertySource(properties = "alterna.jobs.enabled=false")
class NotificationsTest {
    static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final HttpServer SMS;
    static final List<String[]> SMS_RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger SMS_FAILURES_TO_GIVE = new AtomicInteger();

    static {
        MAIL.start();
        try {
            SMS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        SMS.createContext("/sms", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = SMS_FAILURES_TO_GIVE.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 202;
            if (status == 202) {
                SMS_RECEIVED.add(new String[] {exchange.getRequestHeaders().getFirst("Authorization"),
                        new String(body, StandardCharsets.UTF_8)});
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        SMS.start();
    }

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("alterna.notifications.sms.url", () -> "http://127.0.0.1:" + SMS.getAddress().getPort() + "/sms");
        registry.add("alterna.notifications.sms.auth-header", () -> "Authorization: Bearer sms-gateway-token");
    }

    @AfterAll
    static void stop() {
        MAIL.stop();
        SMS.stop(0);
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
    Api operator;

    @BeforeEach
    void setUp() {
        clock.set(Instant.now());
        admin = Api.as(port, "admin");
        operator = Api.as(port, "operator");
    }

    static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text of a plain-text mail (the raw body is quoted-printable). */
    static String text(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<MimeMessage> mailsAbout(String text) throws Exception {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().contains(text) || text(m).contains(text);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    @Test
    void emailGoesToTheRolesOfTheAlarmsScopeAndToExplicitAddresses() throws Exception {
        Api.Response rule = admin.post("/api/v1/notification-rules", Map.of("name", "Tamper al juzgado",
                "events", List.of("RAISED", "INCIDENT_REPORT"), "alarmTypes", List.of("STRAP_TAMPER"),
                "channel", "EMAIL", "recipientRoles", List.of("JUDGE", "PROSECUTOR"),
                "addresses", List.of("guardia@inpe.example")));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        assertThat(rule.json().has("secret")).isFalse();
        Api.Response bad = admin.post("/api/v1/notification-rules", Map.of("name", "x", "events", List.of("RAISED"),
                "channel", "EMAIL", "addresses", List.of("not-an-address")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("addresses[0]");
        Api.Response noSecret = admin.post("/api/v1/notification-rules", Map.of("name", "x",
                "events", List.of("RAISED"), "channel", "WEBHOOK", "addresses", List.of("https://203.0.113.9/x")));
        assertThat(noSecret.json().get("field").asString()).isEqualTo("secret");

        UUID order = AlarmFixtures.order(port);
        Alarm alarm = intake.raise(AlarmFixtures.signal(order, "STRAP_TAMPER", null, clock.instant()));
        intake.raise(AlarmFixtures.signal(order, "STRAP_TAMPER", null, clock.instant())); // merged: no new e-mail
        dispatcher.dispatch();
        List<MimeMessage> mails = mailsAbout(alarm.id().toString());
        assertThat(mails.stream().flatMap(m -> recipients(m).stream()).toList()).containsExactlyInAnyOrder(
                "judge@demo.alterna.invalid", "prosecutor@demo.alterna.invalid", "guardia@inpe.example");
        assertThat(mails.get(0).getSubject()).contains("CRITICAL STRAP_TAMPER");

        // manual escalation: the region's INPE supervisor is e-mailed (built-in rule)
        assertThat(operator.post("/api/v1/alarms/" + alarm.id() + "/escalation",
                Map.of("reason", "no contesta el teléfono")).status()).isEqualTo(200);
        dispatcher.dispatch();
        assertThat(mailsAbout("no contesta el teléfono").stream().flatMap(m -> recipients(m).stream()).toList())
                .containsExactly("supervisor@demo.alterna.invalid");

        // confirmed violation: the incident report is mailed to the court and the prosecutor, then marked SENT
        operator.post("/api/v1/alarms/" + alarm.id() + "/acknowledgement", "{}");
        assertThat(operator.post("/api/v1/alarms/" + alarm.id() + "/resolution", Map.of("code", "CONFIRMED_VIOLATION",
                "note", "Correa cortada, confirmado por la Policía")).status()).isEqualTo(200);
        JsonNode report = Api.as(port, "judge").get("/api/v1/incident-reports").json();
        String reportId = null;
        for (JsonNode r : report) {
            if (r.get("alarmId").asString().equals(alarm.id().toString())) {
                reportId = r.get("id").asString();
                assertThat(r.get("status").asString()).isEqualTo("PENDING");
            }
        }
        assertThat(reportId).isNotNull();
        dispatcher.dispatch();
        assertThat(mailsAbout("Informe de incidencia").stream().filter(m -> {
            try {
                return text(m).contains(alarm.id().toString());
            } catch (RuntimeException e) {
                return false;
            }
        }).count()).isEqualTo(3);
        assertThat(Api.as(port, "judge").get("/api/v1/incident-reports/" + reportId).json().get("status").asString())
                .isEqualTo("SENT");
        admin.delete("/api/v1/notification-rules/" + rule.json().get("id").asString());
    }

    @Test
    void smsGoesThroughTheGatewayAndIsRetriedWithBackoff() throws Exception {
        Api.Response rule = admin.post("/api/v1/notification-rules", Map.of("name", "Pánico por SMS",
                "events", List.of("RAISED"), "alarmTypes", List.of("PANIC"), "severities", List.of("CRITICAL"),
                "channel", "SMS", "addresses", List.of("+51 999 888 777")));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        SMS_FAILURES_TO_GIVE.set(1);
        UUID order = AlarmFixtures.order(port);
        Alarm alarm = intake.raise(AlarmFixtures.signal(order, "PANIC", null, clock.instant()));
        dispatcher.dispatch();
        Map<String, Object> row = jdbc.sql("select status, attempts, last_error from notification_outbox "
                + "where alarm_id = ? and channel = 'SMS'").param(alarm.id()).query().singleRow();
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat((String) row.get("last_error")).contains("HTTP 503");
        assertThat(SMS_RECEIVED.stream().filter(s -> s[1].contains(alarm.id().toString()))).isEmpty();

        dispatcher.dispatch(); // not due yet: back-off
        assertThat(SMS_RECEIVED.stream().filter(s -> s[1].contains(alarm.id().toString()))).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        dispatcher.dispatch();
        List<String[]> mine = SMS_RECEIVED.stream().filter(s -> s[1].contains(alarm.id().toString())).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0)[0]).isEqualTo("Bearer sms-gateway-token");
        JsonNode sms = Api.JSON.readTree(mine.get(0)[1]);
        assertThat(sms.get("to").asString()).isEqualTo("+51 999 888 777");
        assertThat(sms.get("text").asString()).contains("CRITICAL PANIC");
        assertThat(jdbc.sql("select status from notification_outbox where alarm_id = ? and channel = 'SMS'")
                .param(alarm.id()).query(String.class).single()).isEqualTo("SENT");
        JsonNode outbox = admin.get("/api/v1/notification-outbox?status=SENT").json();
        assertThat(outbox.findValuesAsString("alarmId")).contains(alarm.id().toString());
        assertThat(outbox.get(0).has("secret")).isFalse();
        admin.delete("/api/v1/notification-rules/" + rule.json().get("id").asString());
    }
}
