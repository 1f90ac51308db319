package io.rtml.registry.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.rtml.registry.client.FeatureStoreCalls;
import io.rtml.registry.client.ViewFreshness;
import io.rtml.registry.config.RegistryConfig;
import io.rtml.registry.entity.FeatureViewFreshness;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelVersion;
import io.rtml.registry.entity.VersionDataCard;
import io.rtml.registry.entity.VersionFeature;
import io.rtml.registry.repository.FeatureViewFreshnessRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.ModelVersionRepository;
import io.rtml.registry.repository.VersionDataCardRepository;
import io.rtml.registry.repository.VersionFeatureRepository;
import io.rtml.registry.rest.ResiliencyView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data resiliency score of versions ({@link ResiliencyScore}) as of the moment they are read, from
 * their stored facts and the freshness of the views they read as last asked of the feature store. A
 * scheduled run asks the feature store again for the views live versions read (a failure marks those
 * views, and so the scores, {@code unknown}; it never fails a request) and republishes
 * {@code rtml_model_resiliency_score{model,version}} for live versions only.
 */
@ApplicationScoped
public class ResiliencyService {

    public static final String METRIC = "rtml_model_resiliency_score";
    private static final Logger LOG = Logger.getLogger(ResiliencyService.class);

    private final ModelVersionRepository versions;
    private final ModelRepository models;
    private final VersionDataCardRepository cards;
    private final VersionFeatureRepository features;
    private final FeatureViewFreshnessRepository freshness;
    private final FeatureStoreCalls featureStore;
    private final RegistryConfig config;
    private final JsonColumns json;
    private final MultiGauge gauge;

    public ResiliencyService(ModelVersionRepository versions, ModelRepository models, VersionDataCardRepository cards,
                             VersionFeatureRepository features, FeatureViewFreshnessRepository freshness,
                             FeatureStoreCalls featureStore, RegistryConfig config, JsonColumns json,
                             MeterRegistry metrics) {
        this.versions = versions;
        this.models = models;
        this.cards = cards;
        this.features = features;
        this.freshness = freshness;
        this.featureStore = featureStore;
        this.config = config;
        this.json = json;
        this.gauge = MultiGauge.builder(METRIC)
                .description("Data resiliency score of each live (aliased or challenger) model version, 0..1")
                .register(metrics);
    }

    /** The score of each version (by row id) at {@code now}. Needs a session. */
    public Uni<Map<Long, ResiliencyView>> scores(List<ModelVersion> list, Instant now) {
        List<Long> ids = list.stream().map(v -> v.id).toList();
        return cards.forVersions(ids).flatMap(cardRows -> features.forVersions(ids).flatMap(featureRows -> {
            List<String> views = featureRows.stream().map(f -> f.viewName).distinct().toList();
            return freshness.forViews(views).map(freshRows -> {
                Map<Long, VersionDataCard> cardOf = cardRows.stream().collect(Collectors.toMap(c -> c.versionId, c -> c));
                Map<Long, List<VersionFeature>> featuresOf = featureRows.stream()
                        .collect(Collectors.groupingBy(f -> f.versionId));
                Map<String, FeatureViewFreshness> freshOf = freshRows.stream()
                        .collect(Collectors.toMap(f -> f.viewName, Function.identity()));
                Map<Long, ResiliencyView> out = new HashMap<>();
                for (ModelVersion v : list) {
                    out.put(v.id, score(v, cardOf.get(v.id), featuresOf.getOrDefault(v.id, List.of()), freshOf, now));
                }
                return out;
            });
        }));
    }

    private ResiliencyView score(ModelVersion v, VersionDataCard card, List<VersionFeature> online,
                                 Map<String, FeatureViewFreshness> freshOf, Instant now) {
        Map<String, Double> relevance = json.read(v.featureRelevance, new TypeReference<Map<String, Double>>() { });
        List<ResiliencyScore.OnlineFeature> reads = online.stream().map(f -> new ResiliencyScore.OnlineFeature(
                f.viewName, f.feature, relevance == null ? null : relevance.get(f.feature))).toList();
        return ResiliencyScore.compute(card == null ? null : card.newestRecord, v.createdAt, relevance, reads, freshOf,
                now, settings());
    }

    private ResiliencyScore.Settings settings() {
        RegistryConfig.Resiliency r = config.resiliency();
        return new ResiliencyScore.Settings(r.dataHalfLife(), r.featureHalfLife(), r.staleBelow(), r.freshnessMaxAge());
    }

    /** What the feature store said about one view's freshness: an answer (empty: no such view), or why none came. */
    public record Asked(Optional<ViewFreshness> answer, String failure) {
    }

    /**
     * Asks the feature store for each view's freshness, one view at a time so one failure does not hide the
     * others' answers; never fails: an unanswered view comes back with its failure.
     */
    public Uni<Map<String, Asked>> ask(Collection<String> views) {
        Map<String, Asked> answers = new HashMap<>();
        return Multi.createFrom().iterable(new LinkedHashSet<>(views))
                .onItem().transformToUniAndConcatenate(view -> featureStore.freshness(view)
                        .map(a -> new Asked(a, null))
                        .onFailure().recoverWithItem(f -> new Asked(null, f.getMessage()))
                        .invoke(a -> answers.put(view, a)))
                .collect().asList()
                .map(ignored -> answers);
    }

    /**
     * Stores what {@link #ask} found; must run in a transaction. A view the feature store no longer has
     * counts as having no rows; no answer marks the view failed and keeps its last value.
     */
    public Uni<Void> record(Map<String, Asked> answers, Instant now) {
        return freshness.forViews(answers.keySet()).flatMap(existing -> {
            Map<String, FeatureViewFreshness> byName = existing.stream()
                    .collect(Collectors.toMap(f -> f.viewName, Function.identity()));
            List<FeatureViewFreshness> created = new ArrayList<>();
            answers.forEach((view, asked) -> {
                FeatureViewFreshness row = byName.get(view);
                boolean fresh = row == null;
                if (fresh) {
                    row = new FeatureViewFreshness();
                    row.viewName = view;
                }
                if (asked.answer() == null) {
                    row.failedAt = now;
                    row.failure = asked.failure();
                } else {
                    row.latestEventTime = asked.answer().map(ViewFreshness::latestEventTime).orElse(null);
                    row.checkedAt = now;
                    row.failedAt = null;
                    row.failure = asked.answer().isEmpty() ? "the feature store has no view '" + view + "'" : null;
                }
                if (fresh) {
                    created.add(row);
                }
            });
            // One session: rows are persisted in one call, never concurrently; changed rows flush at commit.
            return created.isEmpty() ? Uni.createFrom().voidItem() : freshness.persist(created.stream());
        });
    }

    /** Asks again for the views live versions read, then republishes the gauge. */
    @Scheduled(every = "${rtml.registry.resiliency.interval:5m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(() -> versions.live().flatMap(live -> features.viewsOf(live.stream().map(v -> v.id).toList())))
                .flatMap(this::ask)
                .flatMap(answers -> Panache.withTransaction(() -> record(answers, Instant.now())))
                .flatMap(ignored -> publishGauge())
                .onFailure().invoke(f -> LOG.warnf("Resiliency refresh failed: %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sets {@value #METRIC} for every live version, and drops the series of versions no longer live. */
    Uni<Void> publishGauge() {
        Instant now = Instant.now();
        return Panache.withSession(() -> versions.live().flatMap(live -> models.findByIds(
                        live.stream().map(v -> v.modelId).distinct().toList())
                .flatMap(modelRows -> scores(live, now).map(scores -> {
                    Map<Long, String> names = modelRows.stream().collect(Collectors.toMap(m -> m.id, (Model m) -> m.name));
                    List<MultiGauge.Row<?>> rows = new ArrayList<>();
                    for (ModelVersion v : live) {
                        ResiliencyView s = scores.get(v.id);
                        double value = s.score() == null ? Double.NaN : s.score();
                        rows.add(MultiGauge.Row.of(Tags.of("model", names.get(v.modelId), "version",
                                Integer.toString(v.version)), value));
                    }
                    gauge.register(rows, true);
                    return null;
                }))));
    }
}
