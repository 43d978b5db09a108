package org.alterna.alarms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Delivers one outbox item over its channel; throws on any failure so the dispatcher retries
 * ({@link PermanentFailure} when retrying cannot help).
 * <ul>
 * <li>EMAIL through Spring's {@link JavaMailSender} ({@code spring.mail.*});</li>
 * <li>WEBHOOK as a signed JSON POST ({@link WebhookSender}); the signing secret is read from the notification
 * rule at the moment of sending, never copied into the outbox;</li>
 * <li>SMS as a JSON POST {@code {"to","text"}} to the gateway at {@code alterna.notifications.sms.url}, with an
 * optional header {@code alterna.notifications.sms.auth-header} ({@code Name: value}).</li>
 * </ul>
 */
@Component
class Deliveries {
    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationSettings settings;
    private final NotificationRules rules;
    private final WebhookSender webhooks;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    /** A failure that no later attempt can fix (the item goes straight to the dead deliveries). */
    static final class PermanentFailure extends Exception {
        PermanentFailure(String message) {
            super(message);
        }
    }

    Deliveries(ObjectProvider<JavaMailSender> mail, NotificationSettings settings, NotificationRules rules,
            WebhookSender webhooks, Clock clock) {
        this.mail = mail;
        this.settings = settings;
        this.rules = rules;
        this.webhooks = webhooks;
        this.clock = clock;
        this.timeout = settings.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    void deliver(Outbox.Item item) throws Exception {
        switch (item.channel()) {
            case EMAIL -> email(item);
            case WEBHOOK -> webhook(item);
            case SMS -> sms(item);
            default -> throw new IllegalStateException("unknown channel " + item.channel());
        }
    }

    private void email(Outbox.Item item) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("e-mail is not configured (spring.mail.host)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.mail().from());
        message.setTo(item.target());
        message.setSubject(item.subject());
        message.setText(item.body());
        sender.send(message);
    }

    private void webhook(Outbox.Item item) throws Exception {
        String secret = item.ruleId() == null ? null : rules.find(item.ruleId())
                .map(NotificationRules.Rule::secret).orElse(null);
        if (secret == null) {
            throw new PermanentFailure("the notification rule of this webhook was deleted: no signing secret");
        }
        webhooks.send(item.target(), item.id().toString(), item.event().name(),
                item.body().getBytes(StandardCharsets.UTF_8), secret, clock.instant());
    }

    private void sms(Outbox.Item item) throws IOException, InterruptedException {
        String url = settings.sms().url();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("the SMS gateway is not configured (alterna.notifications.sms.url)");
        }
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("to", item.target());
        payload.put("text", item.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Notifier.JSON.writeValueAsString(payload),
                        StandardCharsets.UTF_8));
        String auth = settings.sms().authHeader();
        int colon = auth == null ? -1 : auth.indexOf(':');
        if (colon > 0) {
            request.header(auth.substring(0, colon).trim(), auth.substring(colon + 1).trim());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new IOException("HTTP " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
        }
    }
}
