package io.rtml.examples.sendtime;

import io.rtml.contracts.card.DataCard;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.sdk.DataCards;
import io.rtml.sdk.FeatureRelevance;
import io.rtml.sdk.FeatureResult;
import io.rtml.sdk.FeatureSpec;
import io.rtml.sdk.FeatureStoreClient;
import io.rtml.sdk.GateFailedException;
import io.rtml.sdk.RegistryClient;
import io.rtml.sdk.Row;
import io.rtml.sdk.RtmlClientException;
import io.rtml.sdk.TribuoModels;
import io.rtml.sdk.TribuoRegistration;
import io.rtml.sdk.VersionMetadata;
import org.HdrHistogram.ConcurrentHistogram;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Send-time optimisation end to end against running services: train on synthetic engagement, put the
 * features in the feature store, register and promote the model, serve predictions by entity key, shift
 * the client base to Asia-Pacific, and read back drift and live accuracy from the monitor. The model declares its
 * KPI (open-within-window) and a 10 % holdout answered by the majority class; simulated opens (more likely when the
 * email went out in the recipient's true preferred window) are sent as outcomes and the monitor's uplift is reported.
 */
public final class SendTimeScenario {

    public static final String MODEL = "send-time";
    public static final String ENTITY = "recipient";
    public static final String VIEW = "recipient_profile";
    private static final long VIEW_TTL_SECONDS = Duration.ofDays(30).toSeconds();
    /** Recipients whose served opens_30d is read back and compared with the generated count. */
    private static final int OPENS_CHECKED = 1_000;
    private static final int LABEL_BATCH = 1_000;
    private static final int PREDICT_ATTEMPTS = 3;
    /** Share of recipients answered by the fallback policy (the majority class) to measure the KPI uplift against. */
    public static final int HOLDOUT_PERCENT = 10;
    public static final String KPI = "open-within-window";
    /** Simulated chance that a recipient opens an email sent in their true preferred window, and outside it. */
    private static final double OPEN_IN_WINDOW = 0.7;
    private static final double OPEN_OUTSIDE_WINDOW = 0.05;

    private final ScenarioConfig config;
    private final PrintStream progress;
    private final RegistryClient registry;
    private final FeatureStoreClient features;
    private final ServingCalls serving;
    private final ConcurrentHistogram latencyNanos = new ConcurrentHistogram(3);
    private long predictCalls;
    private long predictNanos;

    private SendTimeScenario(ScenarioConfig config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
        this.registry = new RegistryClient(config.registryUrl());
        this.features = new FeatureStoreClient(config.featureStoreUrl());
        this.serving = new ServingCalls(config.inferenceUrl(), config.monitorUrl());
    }

    /** Runs every step, printing a progress line for each, and answers what was found. */
    public static ScenarioReport run(ScenarioConfig config, PrintStream progress) {
        return new SendTimeScenario(config, progress).run();
    }

    /** One prediction served: which request, for whom, what it said, and which side of the route answered. */
    private record Served(String requestId, String entityKey, String output, String route) {

        boolean heldOut() {
            return "holdout".equals(route);
        }
    }

    private ScenarioReport run() {
        // (1) Generate and train. Event times hang off the start of the UTC day, so a second run on the same day
        // writes the same open events, which the feature store counts once (opens_30d stays what was generated).
        EngagementGenerator generator = new EngagementGenerator(config.seed(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        List<Recipient> training = generator.generate(config.trainingRecipients(), RegionMix.BASELINE);
        List<Recipient> live = generator.generate(config.liveRecipients(), RegionMix.BASELINE, "r-",
                config.trainingRecipients() + 1);
        step("1/7 generated %d training and %d live recipients (baseline region mix, seed %d)",
                training.size(), live.size(), config.seed());
        SendTimeTrainer.Trained trained = new SendTimeTrainer(config.seed(), 0.2).train(training);
        SendTimeTrainer.Evaluation eval = trained.evaluation();
        step("1/7 trained %s: accuracy %.3f vs majority baseline %.3f (%s) on %d held-out rows; validation %s",
                trained.trainer(), eval.accuracy(), eval.majorityBaseline(), eval.majorityClass(), eval.testRows(),
                trained.validationAccuracy());

        // (2) Feature store.
        features.createEntity(ENTITY, "An email recipient of an ESP client account");
        features.createFeatureView(VIEW, ENTITY, VIEW_TTL_SECONDS, EngagementGenerator.STORED_FEATURES,
                EngagementGenerator.AGGREGATIONS,
                "Engagement profile of a recipient: time zone, device, activity and usual open time; "
                        + "opens_30d counted by the store from open events");
        List<Recipient> population = new ArrayList<>(training);
        population.addAll(live);
        long upserted = features.upsertRows(VIEW, rows(population));
        step("2/7 feature view %s: %d recipients ingested with event times over the past week (%d rows with their "
                + "open events; opens_30d is the store's 30-day count of them)", VIEW, population.size(), upserted);
        checkOpensServed(population.subList(0, Math.min(population.size(), OPENS_CHECKED)));

        // (3) Register and promote.
        int version = register(trained);
        step("3/7 registered %s v%d and set it champion (gate passed)", MODEL, version);
        registry.declareKpi(MODEL, KPI, "Share of emails opened, sent in the window the model predicted",
                "opened", "rate", "majority-class", eval.majorityClass());
        registry.setHoldout(MODEL, HOLDOUT_PERCENT);
        step("3/7 declared KPI %s (rate of opened) and a %d %% holdout answered by the majority class %s",
                KPI, HOLDOUT_PERCENT, eval.majorityClass());

        // (4) Serve the baseline population.
        awaitServing(version, live.get(0).entityKey());
        // The monitor counts a bucket when it starts inside the asked range: start phase 1 on a bucket
        // boundary so its first predictions are not left out of the "before the shift" window.
        Instant phase1Start = alignToBucketStart(Instant.now());
        List<Served> baselineServed = predictAll(live, version);
        step("4/7 served %d predictions: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms over %d calls", baselineServed.size(),
                ms(50), ms(95), ms(99), predictCalls);

        // (5) The client base shifts to Asia-Pacific.
        Instant shiftTime = alignToNextBucket(Instant.now());
        sleepUntil(shiftTime.plusMillis(250));
        List<Recipient> shifted = new EngagementGenerator(config.seed() + 1, shiftTime)
                .generate(config.shiftedRecipients(), RegionMix.SHIFTED, "s-", 1);
        features.upsertRows(VIEW, rows(shifted));
        List<Served> shiftedServed = predictAll(shifted, version);
        step("5/7 shift at %s: ingested and served %d Asia-Pacific recipients", shiftTime, shiftedServed.size());

        // (6) Drift per phase.
        sleep(config.monitorWait());
        // The holdout's answers came from no model: the monitor leaves them out of drift and accuracy.
        ServingCalls.Drift after = driftOnceFolded(version, shiftTime, byModel(shiftedServed).size());
        ServingCalls.Drift before = driftOnceFolded(version, phase1Start, shiftTime, byModel(baselineServed).size());
        List<String> driftedBefore = drifted(before);
        List<String> driftedAfter = drifted(after);
        boolean predictionDrift = after != null && after.prediction() != null && after.prediction().drifted();
        step("6/7 drift before the shift: %s; after: %s%s", describe(driftedBefore), describe(driftedAfter),
                predictionDrift ? " (and prediction drift)" : "");

        // (7) Delayed labels and live accuracy.
        Map<String, String> truth = new HashMap<>();
        live.forEach(r -> truth.put(r.entityKey(), r.window()));
        shifted.forEach(r -> truth.put(r.entityKey(), r.window()));
        List<Served> all = new ArrayList<>(baselineServed);
        all.addAll(shiftedServed);
        int labelsSent = sendLabels(byModel(all), truth);
        ServingCalls.Performance performance = awaitLabels(version, phase1Start, labelsSent);
        step("7/7 sent %d labels; monitor joined %d, live accuracy %s", labelsSent, performance.labelled(),
                performance.accuracy() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", performance.accuracy()));

        ScenarioReport.BusinessValue value = measureBusinessValue(all, truth);
        step("7/7 %s", value.render().trim());

        double seconds = predictNanos / 1e9;
        long served = baselineServed.size() + shiftedServed.size();
        return new ScenarioReport(MODEL, version, trained.trainer(), eval.accuracy(), eval.majorityBaseline(),
                eval.sliceAccuracy(), eval.testRows(), baselineServed.size(), shiftedServed.size(), predictCalls,
                ms(50), ms(95), ms(99), seconds == 0 ? 0 : predictCalls / seconds, seconds == 0 ? 0 : served / seconds,
                phase1Start, shiftTime, driftedBefore, driftedAfter, predictionDrift, labelsSent,
                performance.labelled(), performance.accuracy(), value);
    }

    private static List<Served> byModel(List<Served> served) {
        return served.stream().filter(s -> !s.heldOut()).toList();
    }

    /**
     * Each recipient got the email in the window they were served (the model's, or the majority class in the
     * holdout) and opens it with {@link #OPEN_IN_WINDOW} when that is their true preferred window, else with
     * {@link #OPEN_OUTSIDE_WINDOW} (a seeded draw per recipient); the outcomes go to the monitor, which answers the
     * model's open rate against its holdout's.
     */
    private ScenarioReport.BusinessValue measureBusinessValue(List<Served> served, Map<String, String> truth) {
        List<ServingCalls.Outcome> outcomes = new ArrayList<>(served.size());
        for (Served s : served) {
            double draw = new Random(config.seed() * 31 + s.entityKey().hashCode()).nextDouble();
            boolean inWindow = s.output() != null && s.output().equals(truth.get(s.entityKey()));
            outcomes.add(new ServingCalls.Outcome(s.requestId(), MODEL, draw < (inWindow ? OPEN_IN_WINDOW : OPEN_OUTSIDE_WINDOW)));
        }
        for (int from = 0; from < outcomes.size(); from += LABEL_BATCH) {
            serving.sendOutcomes(outcomes.subList(from, Math.min(outcomes.size(), from + LABEL_BATCH)));
        }
        Instant deadline = Instant.now().plus(config.monitorWait()).plusSeconds(45);
        ServingCalls.BusinessValue value = serving.businessValue(MODEL);
        while (value.model().n() + value.holdout().n() < outcomes.size() && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(2));
            value = serving.businessValue(MODEL);
        }
        return new ScenarioReport.BusinessValue(value.kpi().name(), outcomes.size(), value.model().n(), value.model().value(),
                value.holdout().n(), value.holdout().value(), value.uplift(),
                value.ci95() == null ? null : value.ci95().low(), value.ci95() == null ? null : value.ci95().high(),
                value.method());
    }

    private int register(SendTimeTrainer.Trained trained) {
        registry.createModel(MODEL, "email", "streaming", List.of("email", "send-time", "classification"),
                "Best 4-hour UTC send window (w0..w5) per recipient, from their engagement profile");
        TribuoRegistration registration = TribuoModels.toRegistration(trained.model());
        // With the held-out rows' reliability table, so the monitor can estimate accuracy before labels (CBPE).
        DatasetProfile baseline = SendTimeTrainer.baselineProfile(trained.model(), trained.trainRows())
                .withReliability(SendTimeTrainer.reliability(trained.model(), trained.testRows()));
        List<Map<String, Object>> measured = new ArrayList<>();
        for (Recipient r : trained.trainRows()) {
            Map<String, Object> row = r.features();
            row.put("__event_time", r.eventTime());
            measured.add(row);
        }
        Instant oldest = trained.trainRows().stream().map(Recipient::eventTime).min(Comparator.naturalOrder()).orElseThrow();
        Instant newest = trained.trainRows().stream().map(Recipient::eventTime).max(Comparator.naturalOrder()).orElseThrow();
        DataCard card = DataCards.measure(measured, EngagementGenerator.FEATURES,
                        r -> (Instant) r.get("__event_time"), Instant.now())
                .source("synthetic-email-engagement", DataCard.Party.FIRST, "EngagementGenerator seed " + config.seed(),
                        oldest, newest)
                .augmented(1.0, "fully synthetic: EngagementGenerator, a known generating process (baseline region mix)")
                .labelling(0, 0, 0, 1)
                .build();
        SendTimeTrainer.Evaluation eval = trained.evaluation();
        Map<String, Double> relevance = FeatureRelevance.measure(trained.trainRows().stream().map(Recipient::features).toList(),
                EngagementGenerator.FEATURES, trained.trainRows().stream().map(Recipient::window).toList());
        VersionMetadata.Builder metadata = registration.metadata()
                .inputs(EngagementGenerator.FEATURES)
                .metric("accuracy", eval.accuracy())
                .param("majorityBaselineAccuracy", eval.majorityBaseline())
                .dataCard(card)
                .featureRelevance(relevance)
                .baselineProfile(baseline)
                .featureRefs(VIEW, EngagementGenerator.FEATURES.stream().map(FeatureSpec::name).toList())
                .description("Send-time classifier (" + trained.trainer() + ") trained on " + trained.trainRows().size()
                        + " synthetic recipients; labels are observed open windows, not annotations")
                .createdBy("send-time-scenario");
        eval.sliceAccuracy().forEach((slice, accuracy) -> metadata.sliceMetric(slice, "accuracy", accuracy));
        int version = registry.registerVersion(MODEL, registration.artifact(), metadata.build());
        try {
            registry.setAlias(MODEL, "champion", version);
        } catch (GateFailedException e) {
            throw new IllegalStateException("the registry's gate refused " + MODEL + " v" + version + " as champion: "
                    + String.join("; ", e.failedChecks()), e);
        }
        // The client account the scenario predicts for: inference serves a tenant only the models it subscribes to.
        registry.createTenant(config.tenant(), "Scenario client " + config.tenant(), "email");
        registry.subscribe(config.tenant(), MODEL, "champion");
        return version;
    }

    /** Waits until the inference service answers ready for the model and serves {@code version}. */
    private void awaitServing(int version, String probeKey) {
        Instant deadline = Instant.now().plus(config.readyTimeout());
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            int status = serving.readyStatus(MODEL);
            if (status == 200) {
                try {
                    ServingCalls.PredictResponse probe = serving.predict(MODEL, new ServingCalls.PredictRequest(
                            config.tenant(), List.of(new ServingCalls.PredictRequest.Instance(probeKey))));
                    if (probe.version() == version) {
                        step("4/7 inference serves %s v%d (route %s)", MODEL, version, probe.route());
                        return;
                    }
                    last = "ready, but still serving v" + probe.version();
                } catch (RtmlClientException e) {
                    last = "ready, but predict failed: " + e.getMessage();
                }
            } else {
                last = "GET /v2/models/" + MODEL + "/ready answered " + (status == 0 ? "nothing" : status);
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("inference did not serve " + MODEL + " v" + version + " within "
                + config.readyTimeout() + " (" + last + ")");
    }

    /** Predicts for every recipient by entity key, {@code batchSize} per call, {@code concurrency} calls at once. */
    private List<Served> predictAll(List<Recipient> recipients, int version) {
        ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency());
        long began = System.nanoTime();
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int from = 0; from < recipients.size(); from += config.batchSize()) {
                List<Recipient> batch = recipients.subList(from, Math.min(recipients.size(), from + config.batchSize()));
                calls.add(pool.submit(() -> served.addAll(predictBatch(batch, version))));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while predicting", e);
        } finally {
            pool.shutdownNow();
        }
        predictNanos += System.nanoTime() - began;
        predictCalls += (recipients.size() + config.batchSize() - 1) / config.batchSize();
        return new ArrayList<>(served);
    }

    private List<Served> predictBatch(List<Recipient> batch, int version) {
        ServingCalls.PredictRequest request = new ServingCalls.PredictRequest(config.tenant(),
                batch.stream().map(r -> new ServingCalls.PredictRequest.Instance(r.entityKey())).toList());
        RtmlClientException failure = null;
        for (int attempt = 1; attempt <= PREDICT_ATTEMPTS; attempt++) {
            long t0 = System.nanoTime();
            try {
                ServingCalls.PredictResponse response = serving.predict(MODEL, request);
                latencyNanos.recordValue(System.nanoTime() - t0);
                if (response.version() != version || response.predictions().size() != batch.size()) {
                    throw new IllegalStateException("predict answered v" + response.version() + " with "
                            + response.predictions().size() + " predictions for " + batch.size()
                            + " instances; expected v" + version);
                }
                return response.predictions().stream()
                        .map(p -> new Served(p.requestId(), p.entityKey(), p.output(), p.route())).toList();
            } catch (RtmlClientException e) {
                if (e.status() / 100 == 4) {
                    throw e;
                }
                failure = e;
                sleep(Duration.ofMillis(200L * attempt));
            }
        }
        throw failure;
    }

    /** Waits (up to a minute more) until the monitor has folded most of a phase's predictions, then reads drift. */
    private ServingCalls.Drift driftOnceFolded(int version, Instant from, Instant to, long expected) {
        Instant deadline = Instant.now().plusSeconds(60);
        ServingCalls.Drift drift = serving.drift(MODEL, version, from, to);
        while ((drift == null || drift.rows() < expected * 0.9) && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(5));
            drift = serving.drift(MODEL, version, from, to);
        }
        step("6/7 monitor window %s .. %s: %d of %d predictions folded", from, to,
                drift == null ? 0 : drift.rows(), expected);
        return drift;
    }

    private ServingCalls.Drift driftOnceFolded(int version, Instant from, long expected) {
        return driftOnceFolded(version, from, Instant.now().plusSeconds(60), expected);
    }

    /** Sends the true window for {@code labelShare} of the predictions (a seeded random choice). */
    private int sendLabels(List<Served> served, Map<String, String> truth) {
        List<Served> chosen = new ArrayList<>(served);
        chosen.sort(Comparator.comparing(Served::entityKey));
        Collections.shuffle(chosen, new Random(config.seed()));
        chosen = chosen.subList(0, (int) Math.round(chosen.size() * config.labelShare()));
        for (int from = 0; from < chosen.size(); from += LABEL_BATCH) {
            serving.sendLabels(chosen.subList(from, Math.min(chosen.size(), from + LABEL_BATCH)).stream()
                    .map(s -> new ServingCalls.Label(s.requestId(), MODEL, truth.get(s.entityKey())))
                    .toList());
        }
        return chosen.size();
    }

    private ServingCalls.Performance awaitLabels(int version, Instant from, int sent) {
        sleep(config.monitorWait().dividedBy(3));
        Instant deadline = Instant.now().plus(config.monitorWait()).plusSeconds(45);
        ServingCalls.Performance performance = serving.performance(MODEL, version, from, Instant.now().plusSeconds(60));
        while (performance.labelled() < sent && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofSeconds(3));
            performance = serving.performance(MODEL, version, from, Instant.now().plusSeconds(60));
        }
        return performance;
    }

    /**
     * The model was trained on the generated opens_30d; the store must serve the same number from the open
     * events it was sent, or training and serving disagree: reads it back for some recipients and stops the
     * run on any difference.
     */
    private void checkOpensServed(List<Recipient> sample) {
        String ref = VIEW + ":opens_30d";
        List<FeatureResult> served = features.onlineFeatures(List.of(ref), sample.stream().map(Recipient::entityKey).toList());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            Object value = served.get(i).values().get("opens_30d");
            if (!(value instanceof Number n) || n.longValue() != sample.get(i).opens30d()) {
                wrong.add(sample.get(i).entityKey() + ": served " + value + ", generated " + sample.get(i).opens30d());
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(wrong.size() + " of " + sample.size() + " recipients are served an opens_30d "
                    + "other than the one the model was trained on, e.g. " + wrong.get(0));
        }
        step("2/7 opens_30d served from the store's aggregation equals the generated count for all %d recipients read back",
                sample.size());
    }

    static List<Row> rows(List<Recipient> recipients) {
        return recipients.stream().flatMap(r -> r.rows().stream()).toList();
    }

    /** Input features the monitor flagged, sorted; the prediction's own drift is reported apart. */
    private static List<String> drifted(ServingCalls.Drift drift) {
        if (drift == null || drift.driftedFeatures() == null) {
            return List.of();
        }
        return drift.driftedFeatures().stream().filter(f -> !f.equals(SendTimeTrainer.PREDICTION_FEATURE))
                .sorted().toList();
    }

    private Instant alignToBucketStart(Instant t) {
        long bucket = config.bucketAlignment().toMillis();
        return Instant.ofEpochMilli(t.toEpochMilli() / bucket * bucket);
    }

    private Instant alignToNextBucket(Instant t) {
        long bucket = config.bucketAlignment().toMillis();
        return Instant.ofEpochMilli((t.toEpochMilli() / bucket + 1) * bucket);
    }

    private double ms(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }

    private void step(String format, Object... args) {
        progress.println("[send-time] " + String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    private static String describe(List<String> features) {
        return features.isEmpty() ? "none" : String.join(", ", features);
    }

    private static void sleepUntil(Instant t) {
        sleep(Duration.between(Instant.now(), t));
    }

    private static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
