package io.rtml.examples.sendtime;

import io.rtml.sdk.FeatureStoreClient;
import io.rtml.sdk.Row;
import io.rtml.sdk.ServiceHttp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The send-time run at email-platform scale: {@code recipients} real recipients (features ingested into
 * the feature store through the batch rows API) scored in one bulk job, their keys uploaded as a
 * streamed keys file, with the job's progress polled until it ends.
 */
public final class BulkScoringRun {

    /** Recipients generated and ingested per round: bounds the memory the run holds. */
    private static final int ROUND = 20_000;
    private static final int INGEST_THREADS = 4;
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    /** What the job did, from the inference service's own counts. */
    public record Result(String jobId, String state, long total, long done, long failed, double ingestSeconds,
                         double jobSeconds, double keysPerSecond) {

        public String render() {
            return String.format(Locale.ROOT, "  bulk job           %d recipients ingested in %.0f s (%.0f recipients/s); job %s %s: "
                            + "%d scored, %d failed in %.0f s, %.0f keys/s%n", total, ingestSeconds,
                    ingestSeconds == 0 ? 0 : total / ingestSeconds, jobId, state, done, failed, jobSeconds,
                    keysPerSecond);
        }
    }

    /** The job's view as {@code GET /api/v1/jobs/{id}} gives it (the fields the run reads). */
    record Job(String id, String state, long total, long done, long failed, Double keysPerSecond, Long etaSeconds) {
    }

    private BulkScoringRun() {
    }

    public static Result run(URI featureStore, URI inference, String model, String tenant, int recipients, long seed,
                             PrintStream progress) {
        try {
            Path keys = Files.createTempFile("rtml-bulk-keys", ".txt");
            try {
                Instant ingestStart = Instant.now();
                ingest(new FeatureStoreClient(featureStore), keys, recipients, seed, progress);
                double ingestSeconds = seconds(ingestStart);
                Instant jobStart = Instant.now();
                Job job = submit(inference, model, tenant, keys);
                progress.printf(Locale.ROOT, "8/8 job %s: %d keys queued%n", job.id(), job.total());
                job = await(inference, job.id(), progress);
                double jobSeconds = seconds(jobStart);
                return new Result(job.id(), job.state(), job.total(), job.done(), job.failed(), ingestSeconds,
                        jobSeconds, jobSeconds == 0 ? 0 : (job.done() + job.failed()) / jobSeconds);
            } finally {
                Files.deleteIfExists(keys);
            }
        } catch (IOException e) {
            throw new IllegalStateException("bulk scoring run failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bulk scoring run interrupted", e);
        }
    }

    /** Generates the recipients round by round, ingests each round in parallel and appends its keys to the file. */
    private static void ingest(FeatureStoreClient features, Path keys, int recipients, long seed, PrintStream progress)
            throws IOException, InterruptedException {
        EngagementGenerator generator = new EngagementGenerator(seed, Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(INGEST_THREADS);
        Instant start = Instant.now();
        Instant lastReport = start;
        try (BufferedWriter out = Files.newBufferedWriter(keys, StandardCharsets.UTF_8)) {
            for (int first = 1; first <= recipients; first += ROUND) {
                int n = Math.min(ROUND, recipients - first + 1);
                List<Recipient> round = generator.generate(n, RegionMix.BASELINE, "b-", first);
                List<Future<Long>> parts = new ArrayList<>();
                int part = (n + INGEST_THREADS - 1) / INGEST_THREADS;
                for (int from = 0; from < n; from += part) {
                    List<Row> rows = SendTimeScenario.rows(round.subList(from, Math.min(n, from + part)));
                    parts.add(pool.submit(() -> features.upsertRows(SendTimeScenario.VIEW, rows)));
                }
                for (Future<Long> f : parts) {
                    f.get();
                }
                for (Recipient r : round) {
                    out.write(r.entityKey());
                    out.newLine();
                }
                int done = first + n - 1;
                if (Duration.between(lastReport, Instant.now()).toSeconds() >= 10 || done == recipients) {
                    lastReport = Instant.now();
                    double s = seconds(start);
                    progress.printf(Locale.ROOT, "8/8 ingested %d of %d recipients (%.0f recipients/s)%n", done, recipients,
                            done / Math.max(s, 0.001));
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("feature store refused recipients: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Uploads the keys file as a stream ({@code BodyPublishers.ofFile} reads it as it sends). */
    private static Job submit(URI inference, String model, String tenant, Path keys)
            throws IOException, InterruptedException {
        String query = "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + (tenant == null ? "" : "&tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        // ServiceHttp's request carries the caller's token; the upload itself goes through a plain client.
        HttpRequest request = new ServiceHttp(inference).request("/api/v1/jobs" + query)
                .header("Content-Type", "text/plain").timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofFile(keys)).build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201) {
            throw ServiceHttp.error(response);
        }
        return ServiceHttp.MAPPER.readValue(response.body(), Job.class);
    }

    private static Job await(URI inference, String id, PrintStream progress) throws InterruptedException {
        ServiceHttp http = new ServiceHttp(inference);
        Instant lastReport = Instant.now();
        while (true) {
            Job job = http.expect(http.get("/api/v1/jobs/" + id), Job.class);
            if (ENDED.contains(job.state())) {
                return job;
            }
            if (Duration.between(lastReport, Instant.now()).toSeconds() >= 10) {
                lastReport = Instant.now();
                progress.printf(Locale.ROOT, "8/8 job %s: %d scored, %d failed of %d, %.0f keys/s, ETA %s s%n",
                        job.state(), job.done(), job.failed(), job.total(),
                        job.keysPerSecond() == null ? 0 : job.keysPerSecond(),
                        job.etaSeconds() == null ? "?" : job.etaSeconds());
            }
            Thread.sleep(1_000);
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
