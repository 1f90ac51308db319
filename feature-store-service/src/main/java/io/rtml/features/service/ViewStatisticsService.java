package io.rtml.features.service;

import io.quarkus.scheduler.Scheduled;
import io.rtml.features.config.FeatureStoreConfig;
import io.rtml.features.repository.FeatureAggregate;
import io.rtml.features.repository.FeatureRowRepository;
import io.rtml.features.rest.FeatureStatistics;
import io.rtml.features.rest.FeatureStatistics.CategoryCount;
import io.rtml.features.rest.Freshness;
import io.rtml.features.rest.ViewStatistics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Freshness and per-feature statistics of a view, computed by SQL over its online store. */
@ApplicationScoped
public class ViewStatisticsService {

    private static final Logger LOG = Logger.getLogger(ViewStatisticsService.class);

    private final FeatureViewCatalog catalog;
    private final FeatureRowRepository rows;
    private final FeatureMetrics metrics;
    private final FeatureStoreConfig config;

    public ViewStatisticsService(FeatureViewCatalog catalog, FeatureRowRepository rows, FeatureMetrics metrics,
                                 FeatureStoreConfig config) {
        this.catalog = catalog;
        this.rows = rows;
        this.metrics = metrics;
        this.config = config;
    }

    public Uni<Freshness> freshness(String viewName) {
        return catalog.require(viewName).chain(view -> rows.summary(view.id()).map(summary -> {
            Instant latest = summary.latestEventTime();
            Double age = latest == null ? null : FeatureAges.seconds(latest, Instant.now());
            return new Freshness(view.name(), latest, age, summary.rows());
        }));
    }

    public Uni<ViewStatistics> statistics(String viewName) {
        return catalog.require(viewName).chain(view -> {
            List<String> names = view.storedFeatureNames();
            List<Boolean> numeric = names.stream().map(n -> view.type(n).numeric()).toList();
            List<Boolean> bool = names.stream().map(n -> view.type(n) == FeatureType.BOOL).toList();
            List<String> strings = names.stream().filter(n -> view.type(n) == FeatureType.STRING).toList();
            Uni<Map<String, List<CategoryCount>>> categories = Multi.createFrom().iterable(strings)
                    .onItem().transformToUniAndConcatenate(f -> rows.topCategories(view.id(), f, config.stats().topCategories())
                            .map(top -> Map.entry(f, top.stream().map(e -> new CategoryCount(e.getKey(), e.getValue())).toList())))
                    .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
            return rows.aggregates(view.id(), names, numeric, bool).chain(aggregates -> categories.map(top -> {
                long total = aggregates.rows();
                Map<String, FeatureStatistics> features = new LinkedHashMap<>();
                for (String name : names) {
                    features.put(name, statistics(view.type(name), aggregates.features().get(name), total, top.get(name)));
                }
                return new ViewStatistics(view.name(), total, features);
            }));
        });
    }

    /** Re-reads every view's newest event time, so the freshness gauge also sees writes made by other replicas. */
    @Scheduled(every = "${rtml.features.freshness.refresh-interval:15s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshFreshnessGauge() {
        return rows.newestEventTimes()
                .invoke(newest -> newest.forEach(metrics::eventTimeSeen))
                .onFailure().invoke(e -> LOG.warnf("Could not refresh feature freshness: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static FeatureStatistics statistics(FeatureType type, FeatureAggregate a, long total, List<CategoryCount> top) {
        return new FeatureStatistics(type.name(), a.count(), total - a.count(), a.min(), a.max(), a.mean(), a.trueCount(), top);
    }
}
