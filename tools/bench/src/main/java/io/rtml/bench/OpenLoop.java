package io.rtml.bench;

import io.rtml.sdk.ServiceHttp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.ConcurrentHistogram;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The open-loop generator of the latency rows. Requests are sent at fixed intended start times
 * ({@code start + i / rate}) whether or not earlier ones were answered, and each latency is taken from its
 * intended start, not from when it was actually sent: a stall in the server (or in this generator) shows
 * in the percentiles as the queueing a real client would see, instead of quietly lowering the rate the
 * way a closed loop (wrk) does. This is the coordinated-omission correction.
 *
 * <p>Vert.x's HTTP client sends from its event loops, so one scheduling thread can hold thousands of
 * requests a second with keep-alive connections (up to {@value #MAX_CONNECTIONS} open at once).
 */
final class OpenLoop implements AutoCloseable {

    static final int MAX_CONNECTIONS = 256;
    private static final long REQUEST_TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final HttpClient client;

    OpenLoop() {
        this.vertx = Vertx.vertx();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS).setMaxWaitQueueSize(-1));
    }

    /**
     * POSTs {@code body.get()} (JSON) to {@code url} at {@code ratePerSecond} for {@code duration}
     * ({@code body == null}: GET), and answers what came back.
     */
    Measurement run(URI url, Supplier<Buffer> body, int ratePerSecond, Duration duration) {
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        RequestOptions options = new RequestOptions().setMethod(body == null ? HttpMethod.GET : HttpMethod.POST)
                .setHost(url.getHost()).setPort(url.getPort()).setURI(url.getRawPath())
                .setIdleTimeout(REQUEST_TIMEOUT_MS)
                .putHeader("Content-Type", "application/json");
        String token = ServiceHttp.defaultToken();
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        long total = Math.max(1, ratePerSecond * duration.toSeconds());
        double intervalNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < total; i++) {
            long intended = start + Math.round(i * intervalNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            Buffer payload = body == null ? null : body.get();
            outstanding.incrementAndGet();
            client.request(options)
                    .compose(request -> payload == null ? request.send() : request.send(payload))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(answer -> {
                        long took = System.nanoTime() - intended;
                        if (answer.succeeded() && answer.result() / 100 == 2) {
                            latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            String why = answer.succeeded() ? "HTTP " + answer.result()
                                    : answer.cause().getClass().getSimpleName();
                            failures.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
                        }
                        outstanding.decrementAndGet();
                    });
        }
        long sent = System.nanoTime();
        long drainDeadline = sent + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MS + 1_000);
        while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        long unanswered = outstanding.get();
        double seconds = (sent - start) / 1e9;
        List<String> notes = new ArrayList<>();
        double achieved = total / seconds;
        if (achieved < ratePerSecond * 0.95) {
            notes.add(String.format(Locale.ROOT, "generator reached only %.0f/s of %d/s", achieved, ratePerSecond));
        }
        if (unanswered > 0) {
            notes.add(unanswered + " unanswered " + (REQUEST_TIMEOUT_MS / 1000) + " s after the last was sent");
        }
        failures.entrySet().stream().sorted(Map.Entry.<String, AtomicLong>comparingByValue(
                        Comparator.comparingLong(AtomicLong::get)).reversed()).limit(2)
                .forEach(f -> notes.add(f.getValue().get() + " × " + f.getKey()));
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        return new Measurement(ok.get(), errors.get() + unanswered, seconds,
                latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6,
                latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6, note);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }
}
