package org.alterna.alarms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Delivers one outbox item over its channel; throws on any failure so the dispatcher retries.
 * <ul>
 * <li>EMAIL through Spring's {@link JavaMailSender} ({@code spring.mail.*});</li>
 * <li>WEBHOOK as a JSON POST signed with {@code X-Alterna-Signature: sha256=<hex HMAC-SHA256 of the body>};</li>
 * <li>SMS as a JSON POST {@code {"to","text"}} to the gateway at {@code alterna.notifications.sms.url}, with an
 * optional header {@code alterna.notifications.sms.auth-header} ({@code Name: value}).</li>
 * </ul>
 */
@Component
class Deliveries {
    static final String SIGNATURE_HEADER = "X-Alterna-Signature";

    private final ObjectProvider<JavaMailSender> mail;
    private final String from;
    private final String smsUrl;
    private final String smsAuthHeader;
    private final Duration timeout;
    private final HttpClient http;

    Deliveries(ObjectProvider<JavaMailSender> mail,
            @Value("${alterna.notifications.mail.from:alarmas@alterna.invalid}") String from,
            @Value("${alterna.notifications.sms.url:}") String smsUrl,
            @Value("${alterna.notifications.sms.auth-header:}") String smsAuthHeader,
            @Value("${alterna.notifications.timeout:PT10S}") Duration timeout) {
        this.mail = mail;
        this.from = from;
        this.smsUrl = smsUrl;
        this.smsAuthHeader = smsAuthHeader;
        this.timeout = timeout;
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
        message.setFrom(from);
        message.setTo(item.target());
        message.setSubject(item.subject());
        message.setText(item.body());
        sender.send(message);
    }

    private void webhook(Outbox.Item item) throws IOException, InterruptedException {
        byte[] body = item.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(item.target())).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Alterna-Event", item.event().name())
                .header("X-Alterna-Delivery", item.id().toString())
                .header(SIGNATURE_HEADER, "sha256=" + hmacSha256Hex(item.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        check(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private void sms(Outbox.Item item) throws IOException, InterruptedException {
        if (smsUrl == null || smsUrl.isBlank()) {
            throw new IllegalStateException("the SMS gateway is not configured (alterna.notifications.sms.url)");
        }
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("to", item.target());
        payload.put("text", item.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(smsUrl)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Notifier.JSON.writeValueAsString(payload),
                        StandardCharsets.UTF_8));
        int colon = smsAuthHeader == null ? -1 : smsAuthHeader.indexOf(':');
        if (colon > 0) {
            request.header(smsAuthHeader.substring(0, colon).trim(), smsAuthHeader.substring(colon + 1).trim());
        }
        check(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static void check(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new IOException("HTTP " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
        }
    }

    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
