package io.rtml.registry.service;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature of a webhook delivery: {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes,
 * keyed with the webhook's secret (header {@code X-Rtml-Signature}). A receiver recomputes it over the
 * raw body it read and compares in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Rtml-Signature";
    public static final String DELIVERY_HEADER = "X-Rtml-Delivery";
    public static final String EVENT_HEADER = "X-Rtml-Event";
    public static final String TIMESTAMP_HEADER = "X-Rtml-Timestamp";
    public static final String ATTEMPT_HEADER = "X-Rtml-Attempt";

    private WebhookSignature() {
    }

    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
