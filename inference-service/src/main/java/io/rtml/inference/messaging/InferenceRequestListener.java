package io.rtml.inference.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.contracts.event.InferenceRequestEvent;
import io.rtml.contracts.event.InferenceResultEvent;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.rest.PredictRequest;
import io.rtml.inference.rest.PredictResponse;
import io.rtml.inference.security.BearerTokens;
import io.rtml.inference.security.TenantAccess;
import io.rtml.inference.service.PredictionService;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream scoring in micro-batches: each poll of {@code rtml.inference-requests} arrives as one batch; its
 * requests are grouped by model and tenant and each group is scored by one {@link PredictionService#predict}
 * call (one feature-store read and one runtime call for the group, the same path as the REST API: prediction
 * events, review queue, metrics). Every request is answered with an {@link InferenceResultEvent} on
 * {@code rtml.inference-results}, keyed by request id, sent in the order the requests came in; an instance
 * that cannot be scored is answered with {@code error} set and never retried. A record that is not a
 * request is counted in {@code rtml_inference_stream_rejected_total{reason}} and skipped. The batch is
 * acknowledged, and its offsets become committable, only after every one of its results is on Kafka.
 * Each record carries its producer's token ({@link BearerTokens}); a record without a valid one is
 * answered with a 401 or 403 error, and a tenant token's requests are scored for its own tenant, only
 * with models of its bundle ({@link TenantAccess}).
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
    private final BearerTokens credentials;
    private final TenantAccess tenants;

    public InferenceRequestListener(PredictionService predictions, BearerTokens credentials, TenantAccess tenants,
                                    @Channel(RESULTS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                                    MutinyEmitter<InferenceResultEvent> results,
                                    ObjectMapper mapper, InferenceConfig config, MeterRegistry metrics) {
        this.predictions = predictions;
        this.results = results;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
        this.credentials = credentials;
        this.tenants = tenants;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onBatch(ConsumerRecords<String, String> records) {
        List<InferenceRequestEvent> requests = new ArrayList<>(records.count());
        List<Caller> callers = new ArrayList<>(records.count());
        List<InferenceResultEvent> refused = new ArrayList<>();
        for (ConsumerRecord<String, String> kafkaRecord : records) {
            InferenceRequestEvent request = parse(kafkaRecord.value());
            if (request == null) {
                continue;
            }
            try {
                Caller caller = credentials.callerOf(kafkaRecord.headers());
                requests.add(caller.tenantScoped() ? request.forTenant(caller.ownTenant()) : request);
                callers.add(caller);
            } catch (ApiException e) {
                metrics.counter("rtml_inference_stream_rejected_total", "reason", e.status() == 401 ? "unauthenticated" : "forbidden").increment();
                refused.add(failed(request, e));
            }
        }
        if (requests.isEmpty()) {
            return sendInOrder(refused.toArray(InferenceResultEvent[]::new));
        }
        metrics.summary("rtml_inference_stream_batch_size", "channel", CHANNEL).record(requests.size());
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            InferenceRequestEvent r = requests.get(i);
            // Callers of one tenant share a group only when their access is the same: a tenant token is
            // checked against its bundle, a platform token is not.
            String access = callers.get(i).tenantScoped() ? "t" : "p";
            groups.computeIfAbsent(r.model() + '\u0000' + r.tenant() + '\u0000' + access, k -> new ArrayList<>()).add(i);
        }
        InferenceResultEvent[] answers = new InferenceResultEvent[requests.size()];
        List<Uni<Void>> scored = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            Caller caller = callers.get(group.get(0));
            String model = requests.get(group.get(0)).model();
            scored.add(tenants.requireSubscribed(caller, model == null ? "" : model)
                    .flatMap(allowed -> {
                        List<Uni<Void>> work = new ArrayList<>();
                        for (int from = 0; from < group.size(); from += config.maxBatch()) {
                            List<Integer> chunk = group.subList(from, Math.min(group.size(), from + config.maxBatch()));
                            work.add(score(requests, chunk, answers));
                        }
                        return Uni.join().all(work).andCollectFailures().replaceWithVoid();
                    })
                    .onFailure().recoverWithItem(e -> {
                        group.forEach(i -> answers[i] = failed(requests.get(i), e));
                        return null;
                    }));
        }
        if (!refused.isEmpty()) {
            scored.add(sendInOrder(refused.toArray(InferenceResultEvent[]::new)));
        }
        return Uni.join().all(scored).andCollectFailures()
                .flatMap(ignored -> sendInOrder(answers));
    }

    /** One predict call for requests of one model and tenant; a call refused as a whole is retried one by one. */
    private Uni<Void> score(List<InferenceRequestEvent> requests, List<Integer> chunk, InferenceResultEvent[] answers) {
        InferenceRequestEvent first = requests.get(chunk.get(0));
        List<PredictRequest.Instance> instances = chunk.stream().map(requests::get)
                .map(r -> new PredictRequest.Instance(r.requestId(), r.entityKey(), r.features())).toList();
        return predictions.predict(first.model(), new PredictRequest(first.tenant(), instances))
                .ifNoItem().after(config.stream().timeout()).fail()
                .map(response -> {
                    for (int i = 0; i < chunk.size(); i++) {
                        answers[chunk.get(i)] = answer(requests.get(chunk.get(i)), response, response.predictions().get(i));
                    }
                    return (Void) null;
                })
                .onFailure().recoverWithUni(e -> chunk.size() == 1 || !(e instanceof ApiException api && api.status() == 400)
                        ? Uni.createFrom().item(() -> {
                            chunk.forEach(i -> answers[i] = failed(requests.get(i), e));
                            return null;
                        })
                        : Uni.join().all(chunk.stream().map(i -> score(requests, List.of(i), answers)).toList())
                                .andCollectFailures().replaceWithVoid());
    }

    private InferenceRequestEvent parse(String json) {
        InferenceRequestEvent request;
        try {
            request = json == null || json.isBlank() ? null : mapper.readValue(json, InferenceRequestEvent.class);
        } catch (JsonProcessingException e) {
            reject("malformed_json", e.getOriginalMessage());
            return null;
        }
        if (request == null) {
            reject("empty", "no value");
            return null;
        }
        if (request.requestId() == null || request.requestId().isBlank()) {
            reject("missing_request_id", "a result could not be matched to its request");
            return null;
        }
        return request;
    }

    private static InferenceResultEvent answer(InferenceRequestEvent request, PredictResponse response,
                                               PredictResponse.Prediction p) {
        int version = p.version() == null ? response.version() : p.version();
        String route = p.route() == null ? response.route() : p.route();
        if (p.error() != null) {
            return InferenceResultEvent.streamAnswer(request.requestId(), response.model(), version, route, null, null,
                    "422: " + p.error());
        }
        return InferenceResultEvent.streamAnswer(request.requestId(), response.model(), version, route, p.output(),
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

    /** Sends every answer in request order and completes once Kafka has acknowledged all of them. */
    private Uni<Void> sendInOrder(InferenceResultEvent[] answers) {
        List<Uni<Void>> sends = new ArrayList<>(answers.length);
        for (InferenceResultEvent result : answers) {
            Message<InferenceResultEvent> message = Message.of(result)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.requestId()).build());
            sends.add(results.sendMessage(message)
                    .onFailure().recoverWithItem(e -> {
                        // Kafka refused the result after the producer's own retries: count it and move on
                        // rather than block the partition behind requests that were already scored.
                        metrics.counter("rtml_inference_stream_result_failures_total").increment();
                        LOG.errorf("Result of %s could not be sent: %s", result.requestId(), e.getMessage());
                        return null;
                    }));
        }
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    private void reject(String reason, String why) {
        metrics.counter("rtml_inference_stream_rejected_total", "reason", reason).increment();
        LOG.warnf("Skipped a record on %s (%s): %s", CHANNEL, reason, why);
    }
}
