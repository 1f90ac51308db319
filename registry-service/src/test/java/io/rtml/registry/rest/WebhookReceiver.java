package io.rtml.registry.rest;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP receiver for webhook deliveries (the JDK's HttpServer): keeps every request with its
 * headers, raw body and arrival time, and answers the status the test sets. Its own signature check is
 * written here from the documented rule (HMAC-SHA256 of the raw body), independent of the registry's code.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Received(Instant at, Map<String, List<String>> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failWith = 500;

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failWith : 204;
            received.add(new Received(Instant.now(), Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(0);
    }

    static WebhookReceiver startOn(int port) throws IOException {
        return new WebhookReceiver(port);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/rtml";
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next {@code count} requests are answered {@code status}; later ones 204. */
    void failNext(int count, int status) {
        failWith = status;
        failuresLeft.set(count);
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} requests matching {@code which} arrived; fails the test after {@code timeout}. */
    List<Received> await(Predicate<Received> which, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> matching = received.stream().filter(which).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Expected " + count + " matching deliveries within " + timeout + ", got "
                + received.stream().filter(which).count() + " of " + received.size());
    }

    /** True when {@code X-Rtml-Signature} is {@code sha256=} + hex HMAC-SHA256(secret, raw body). */
    static boolean signedWith(Received r, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        String actual = r.header("X-Rtml-Signature");
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
