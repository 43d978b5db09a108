package org.alterna.alarms;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery, sent as
 * {@code X-Alterna-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} with the rule's secret as
 * key. Signing the timestamp with the body lets the receiver refuse a captured request replayed later (outside its
 * replay window, e.g. five minutes); within the window the {@code delivery} id inside the signed body identifies a
 * repeat. {@code v1} names the scheme so that a future one can be sent beside it. docs/data-protection.md shows a
 * receiver's check.
 */
final class WebhookSignature {
    static final String HEADER = "X-Alterna-Signature";

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code epochSeconds}. */
    static String header(String secret, long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hmacSha256Hex(secret, signedContent(epochSeconds, body));
    }

    /** What is signed: the decimal timestamp, a dot, then the exact body bytes. */
    static byte[] signedContent(long epochSeconds, byte[] body) {
        byte[] prefix = (epochSeconds + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    static String hmacSha256Hex(String secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
