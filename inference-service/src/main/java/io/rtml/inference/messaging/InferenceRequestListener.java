package io.rtml.inference.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.InferenceRequestEvent;
import io.rtml.contracts.event.InferenceResultEvent;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.rest.PredictResponse;
import io.rtml.inference.service.PredictionService;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Stream scoring: each {@link InferenceRequestEvent} on {@code rtml.inference-requests} is scored by
 * {@link PredictionService#predict} (the same path as the REST API: enrichment, prediction events,
 * review queue, metrics) and answered with an {@link InferenceResultEvent} on
 * {@code rtml.inference-results}, keyed by request id. A request that cannot be scored is answered
 * with {@code error} set and never retried; a record that is not a request is counted in
 * {@code rtml_inference_stream_rejected_total{reason}} and skipped. The request is acknowledged only
 * after its result is on Kafka.
 */
@ApplicationScoped
public class InferenceRequestListener {

    public static final String CHANNEL = "inference-requests";
    public static final String RESULTS = "inference-results";
    private static final Logger LOG = Logger.getLogger(InferenceRequestListener.class);

    private final PredictionService predictions;
    private final MutinyEmitter<InferenceResultEvent> results;
    private final ObjectMapper mapper;
    private final InferenceConfig config;
    private final MeterRegistry metrics;

    public InferenceRequestListener(PredictionService predictions,
                                    @Channel(RESULTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1_000)
                                    MutinyEmitter<InferenceResultEvent> results,
                                    ObjectMapper mapper, InferenceConfig config, MeterRegistry metrics) {
        this.predictions = predictions;
        this.results = results;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onRequest(String json) {
        InferenceRequestEvent request;
        try {
            request = json == null || json.isBlank() ? null : mapper.readValue(json, InferenceRequestEvent.class);
        } catch (JsonProcessingException e) {
            return reject("malformed_json", e.getOriginalMessage());
        }
        if (request == null) {
            return reject("empty", "no value");
        }
        if (request.requestId() == null || request.requestId().isBlank()) {
            return reject("missing_request_id", "a result could not be matched to its request");
        }
        PredictRequest asPredict = new PredictRequest(request.tenant(), List.of(
                new PredictRequest.Instance(request.requestId(), request.entityKey(), request.features())));
        return predictions.predict(request.model(), asPredict)
                .ifNoItem().after(config.stream().timeout()).fail()
                .map(response -> answer(request, response))
                .onFailure().recoverWithItem(e -> failed(request, e))
                .flatMap(this::send);
    }

    private static InferenceResultEvent answer(InferenceRequestEvent request, PredictResponse response) {
        PredictResponse.Prediction p = response.predictions().get(0);
        return new InferenceResultEvent(request.requestId(), response.model(), response.version(), p.output(),
                p.scores(), null);
    }

    private static InferenceResultEvent failed(InferenceRequestEvent request, Throwable e) {
        String error;
        if (e instanceof ApiException api) {
            error = api.status() + ": " + api.getMessage();
        } else if (e instanceof TimeoutException) {
            error = "504: not answered within the stream timeout";
        } else {
            LOG.warnf(e, "Stream request %s for %s failed", request.requestId(), request.model());
            error = "500: " + e.getMessage();
        }
        return new InferenceResultEvent(request.requestId(), request.model(), 0, null, null, error);
    }

    private Uni<Void> send(InferenceResultEvent result) {
        Message<InferenceResultEvent> message = Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.requestId()).build());
        return results.sendMessage(message)
                .onFailure().recoverWithItem(e -> {
                    // Kafka refused the result after the producer's own retries: count it and move on
                    // rather than block the partition behind a request that was already scored.
                    metrics.counter("rtml_inference_stream_result_failures_total").increment();
                    LOG.errorf("Result of %s could not be sent: %s", result.requestId(), e.getMessage());
                    return null;
                });
    }

    private Uni<Void> reject(String reason, String why) {
        metrics.counter("rtml_inference_stream_rejected_total", "reason", reason).increment();
        LOG.warnf("Skipped a record on %s (%s): %s", CHANNEL, reason, why);
        return Uni.createFrom().voidItem();
    }
}
