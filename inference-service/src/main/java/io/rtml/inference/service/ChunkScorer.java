package io.rtml.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.InferenceResultEvent;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.config.JobsConfig;
import io.rtml.inference.repository.JobChunk;
import io.rtml.inference.repository.JobRepository;
import io.rtml.inference.repository.ScoringJob;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.rest.PredictResponse;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Scores one chunk of a job: its keys through {@link PredictionService#predict} (at most
 * {@code rtml.inference.max-batch} per call), every answer onto {@code rtml.inference-results}, then the
 * chunk's counts into PostgreSQL in one transaction with the mark that it is scored. A chunk delivered
 * again after a crash finds the mark and counts nothing twice; its answers may have been sent twice
 * (same request ids {@code jobId/keyIndex}): results are at least once.
 */
@ApplicationScoped
public class ChunkScorer {

    public static final String RESULTS = "job-results";
    private static final Logger LOG = Logger.getLogger(ChunkScorer.class);

    private final JobRepository jobs;
    private final PredictionService predictions;
    private final MutinyEmitter<InferenceResultEvent> results;
    private final JobsConfig config;
    private final int maxBatch;
    private final Counter scored;
    private final Counter failed;
    private final Timer chunkTime;

    public ChunkScorer(JobRepository jobs, PredictionService predictions,
                       @Channel(RESULTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                       MutinyEmitter<InferenceResultEvent> results,
                       JobsConfig config, InferenceConfig inference, MeterRegistry metrics) {
        this.jobs = jobs;
        this.predictions = predictions;
        this.results = results;
        this.config = config;
        this.maxBatch = inference.maxBatch();
        this.scored = metrics.counter("rtml_jobs_keys_total", "outcome", "scored");
        this.failed = metrics.counter("rtml_jobs_keys_total", "outcome", "failed");
        this.chunkTime = Timer.builder("rtml_jobs_chunk_seconds")
                .description("Time to score one chunk of a job, results sent and counts stored")
                .publishPercentileHistogram().register(metrics);
    }

    /** Scores the chunk unless its job has ended or the chunk was scored before. Throws when it must be tried again. */
    public void score(UUID jobId, int chunkNo) throws Exception {
        Optional<ScoringJob> job = jobs.find(jobId);
        if (job.isEmpty() || job.get().finished()) {
            return;
        }
        Optional<JobChunk> chunk = jobs.unscoredChunk(jobId, chunkNo);
        if (chunk.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        jobs.markRunning(jobId);
        Tally tally = new Tally(config.maxErrors());
        List<String> keys = chunk.get().keys();
        List<Uni<Void>> sends = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += maxBatch) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + maxBatch));
            long firstIndex = chunk.get().firstIndex() + from;
            Optional<PredictResponse> response = predictWithRetry(job.get(), part, firstIndex);
            if (response.isEmpty()) {
                return; // cancelled while the dependencies were down: nothing counted, nothing more scored
            }
            sends.addAll(send(job.get(), part, firstIndex, response.get(), tally));
        }
        Uni.join().all(sends).andFailFast().await().atMost(config.predictTimeout());
        if (jobs.completeChunk(jobId, chunkNo, tally.done, tally.failed, tally.errors)) {
            scored.increment(tally.done);
            failed.increment(tally.failed);
        }
        chunkTime.record(Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * One predict call; a 503 or a timeout is tried again until {@code retry-for} has passed (then the
     * failure stands for every key), and any other failure of the whole call answers every key with it.
     * Empty when the job was cancelled meanwhile.
     */
    private Optional<PredictResponse> predictWithRetry(ScoringJob job, List<String> keys, long firstIndex)
            throws Exception {
        List<PredictRequest.Instance> instances = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            instances.add(new PredictRequest.Instance(requestId(job.id(), firstIndex + i), keys.get(i), null));
        }
        PredictRequest request = new PredictRequest(job.tenant(), instances);
        Instant giveUp = Instant.now().plus(config.retryFor());
        long backoffMs = 500;
        while (true) {
            try {
                return Optional.of(predictions.predict(job.model(), request)
                        .ifNoItem().after(config.predictTimeout()).fail()
                        .await().indefinitely());
            } catch (ApiException e) {
                if (e.status() != 503 || Instant.now().isAfter(giveUp)) {
                    return Optional.of(allFailed(job, keys, firstIndex, e.status() + ": " + e.getMessage()));
                }
                LOG.infof("Job %s: %s; chunk retried in %d ms", job.id(), e.getMessage(), backoffMs);
            } catch (TimeoutException e) {
                if (Instant.now().isAfter(giveUp)) {
                    return Optional.of(allFailed(job, keys, firstIndex, "504: not answered within "
                            + config.predictTimeout()));
                }
                LOG.infof("Job %s: predict timed out; chunk retried in %d ms", job.id(), backoffMs);
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 10_000);
            if (jobs.find(job.id()).map(ScoringJob::finished).orElse(true)) {
                return Optional.empty();
            }
        }
    }

    private static PredictResponse allFailed(ScoringJob job, List<String> keys, long firstIndex, String error) {
        List<PredictResponse.Prediction> answers = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            answers.add(new PredictResponse.Prediction(requestId(job.id(), firstIndex + i), keys.get(i), null, null,
                    null, null, null, null, error));
        }
        return new PredictResponse(job.model(), 0, null, answers);
    }

    private List<Uni<Void>> send(ScoringJob job, List<String> keys, long firstIndex, PredictResponse response,
                                 Tally tally) {
        List<Uni<Void>> sends = new ArrayList<>(keys.size());
        String jobId = job.id().toString();
        for (int i = 0; i < keys.size(); i++) {
            PredictResponse.Prediction p = i < response.predictions().size() ? response.predictions().get(i) : null;
            String requestId = requestId(job.id(), firstIndex + i);
            String error = p == null ? "500: no answer for this instance" : p.error();
            int version = p != null && p.version() != null ? p.version() : response.version();
            InferenceResultEvent result = error == null
                    ? new InferenceResultEvent(requestId, job.model(), version, p.output(), p.scores(), null, jobId,
                    keys.get(i))
                    : new InferenceResultEvent(requestId, job.model(), version, null, null, error, jobId, keys.get(i));
            if (error == null) {
                tally.done++;
            } else {
                tally.fail(keys.get(i), error);
            }
            sends.add(results.sendMessage(Message.of(result).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(requestId).build())));
        }
        return sends;
    }

    static String requestId(UUID jobId, long keyIndex) {
        return jobId + "/" + keyIndex;
    }

    /** One chunk's counts and first errors. */
    private static final class Tally {
        private final int maxErrors;
        private final List<ScoringJob.JobError> errors = new ArrayList<>();
        private int done;
        private int failed;

        Tally(int maxErrors) {
            this.maxErrors = maxErrors;
        }

        void fail(String key, String error) {
            failed++;
            if (errors.size() < maxErrors) {
                errors.add(new ScoringJob.JobError(null, key, error));
            }
        }
    }
}
