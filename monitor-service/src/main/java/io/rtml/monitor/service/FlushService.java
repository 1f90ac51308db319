package io.rtml.monitor.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.entity.MonitoredVersion;
import io.rtml.monitor.entity.WindowBucket;
import io.rtml.monitor.repository.MonitoredVersionRepository;
import io.rtml.monitor.repository.WindowBucketRepository;
import io.rtml.monitor.service.WindowStore.BaselineStatus;
import io.rtml.monitor.service.WindowStore.BucketKey;
import io.rtml.monitor.service.WindowStore.FlushBatch;
import io.rtml.monitor.service.WindowStore.VersionDelta;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;

/**
 * The monitor's heartbeat: loads the versions seen before a restart, asks the registry again for
 * baselines that were not available, and writes unflushed bucket deltas to PostgreSQL, merging each
 * into the stored bucket (so late predictions and late labels land in the bucket of their prediction
 * time), in one transaction with the label join's rows and the outcomes of the labels that met their
 * predictions ({@link LabelJoin}); only after it commits are the Kafka records behind it acknowledged.
 * A failed write puts the deltas back; they are bounded by {@code rtml.monitor.limits.max-unflushed-buckets}.
 */
@ApplicationScoped
public class FlushService {

    private static final Logger LOG = Logger.getLogger(FlushService.class);

    private final WindowStore store;
    private final IngestService ingest;
    private final WindowBucketRepository buckets;
    private final MonitoredVersionRepository versions;
    private final StatsCodec codec;
    private final LabelJoin join;
    private final ConceptDriftService concept;
    private final MonitorMetrics metrics;
    private final int maxClasses;
    private final Duration predictionTtl;
    private final Duration earlyLabelTtl;
    private volatile boolean loaded;
    private volatile boolean failing;

    public FlushService(WindowStore store, IngestService ingest, WindowBucketRepository buckets,
                        MonitoredVersionRepository versions, StatsCodec codec, LabelJoin join,
                        ConceptDriftService concept, MonitorMetrics metrics, MonitorConfig config) {
        this.store = store;
        this.ingest = ingest;
        this.buckets = buckets;
        this.versions = versions;
        this.codec = codec;
        this.join = join;
        this.concept = concept;
        this.metrics = metrics;
        this.maxClasses = config.limits().maxClasses();
        this.predictionTtl = config.labels().predictionTtl();
        this.earlyLabelTtl = config.labels().earlyLabelTtl();
    }

    @Scheduled(every = "${rtml.monitor.flush-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        Instant now = Instant.now();
        store.claimDueFetches(now).forEach(ingest::refreshBaseline);
        return (loaded ? Uni.createFrom().voidItem() : load()).chain(this::flush).chain(() -> expireJoin(now));
    }

    /** Writes what is still in memory before the service stops, so a clean shutdown loses nothing. */
    void onStop(@Observes ShutdownEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(this::flush);
        } catch (Throwable e) {
            LOG.warnf("Could not write the last window buckets at shutdown: %s", e.getMessage());
        }
    }

    /** Writes everything unflushed now, merging each bucket delta into its stored row. */
    public Uni<Void> flush() {
        FlushBatch batch = store.drain();
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<LabelJoin.Joined> joined = new ArrayList<>();
        return Panache.withTransaction(() -> writeVersions(batch.versions())
                        .chain(() -> join.write(batch.joinPredictions(), batch.joinLabels()))
                        .chain(outcomes -> {
                            joined.addAll(outcomes);
                            return writeBuckets(batch.buckets(), outcomes(outcomes));
                        }))
                .invoke(() -> {
                    joined.forEach(j -> metrics.joined(j.model(), j.version()));
                    concept.observe(joined, Instant.now());
                    // Only now may Kafka move past these records: what they changed is committed.
                    batch.acks().forEach(Runnable::run);
                    if (failing) {
                        LOG.info("PostgreSQL is writable again; unflushed windows written");
                        failing = false;
                    }
                })
                .onFailure().recoverWithUni(e -> {
                    store.restore(batch);
                    if (!failing) {
                        LOG.warnf("Could not write %d window buckets to PostgreSQL, keeping them in memory: %s",
                                batch.buckets().size(), e.getMessage());
                    }
                    failing = true;
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> load() {
        return Panache.withSession(versions::listAll)
                .invoke(rows -> {
                    store.load(rows.stream().map(r -> new VersionDelta(r.model, r.version,
                            BaselineStatus.valueOf(r.baselineStatus.toUpperCase(Locale.ROOT)),
                            codec.profile(r.baselineProfile), r.predictions, r.firstSeen, r.lastSeen)).toList());
                    loaded = true;
                    if (!rows.isEmpty()) {
                        LOG.infof("Loaded %d monitored model versions from PostgreSQL", rows.size());
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not load monitored versions from PostgreSQL yet: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> writeVersions(List<VersionDelta> deltas) {
        return Multi.createFrom().iterable(deltas)
                .onItem().transformToUniAndConcatenate(d -> versions.findVersion(d.model(), d.version())
                        .chain(row -> {
                            if (row == null) {
                                row = new MonitoredVersion();
                                row.model = d.model();
                                row.version = d.version();
                                row.baselineStatus = status(BaselineStatus.PENDING);
                                row.firstSeen = d.firstSeen();
                                row.lastSeen = d.lastSeen();
                            }
                            row.predictions += d.predictions();
                            if (d.lastSeen().isAfter(row.lastSeen)) {
                                row.lastSeen = d.lastSeen();
                            }
                            if (d.status() != BaselineStatus.PENDING && row.baselineStatus.equals(status(BaselineStatus.PENDING))) {
                                row.baselineStatus = status(d.status());
                                row.baselineProfile = d.baseline() == null ? null : codec.write(d.baseline());
                            }
                            return versions.persist(row);
                        }))
                .collect().last().replaceWithVoid();
    }

    /** Joined labels as label counts of the buckets of their predictions' times. */
    private Map<BucketKey, WindowStats> outcomes(List<LabelJoin.Joined> joined) {
        Map<BucketKey, WindowStats> out = new HashMap<>();
        joined.forEach(j -> WindowStore.outcome(out, store.bucketOf(j.model(), j.version(), j.predictedAt()), j.correct()));
        return out;
    }

    /**
     * Merges each bucket delta, and each bucket's joined labels, into its stored row. The batch's own
     * objects are left as they are, so a failed flush hands them back without the labels (whose join is
     * rolled back with it and done again next time).
     */
    private Uni<Void> writeBuckets(Map<BucketKey, WindowStats> deltas, Map<BucketKey, WindowStats> outcomes) {
        Set<BucketKey> keys = new LinkedHashSet<>(deltas.keySet());
        keys.addAll(outcomes.keySet());
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> buckets.findBucket(key.model(), key.version(), key.start())
                        .chain(row -> {
                            WindowStats merged;
                            if (row == null) {
                                row = new WindowBucket();
                                row.model = key.model();
                                row.version = key.version();
                                row.bucketStart = key.start();
                                merged = WindowStats.empty();
                            } else {
                                merged = codec.read(row);
                            }
                            if (deltas.containsKey(key)) {
                                merged.merge(deltas.get(key), maxClasses);
                            }
                            if (outcomes.containsKey(key)) {
                                merged.merge(outcomes.get(key), maxClasses);
                            }
                            codec.write(merged, row);
                            return buckets.persist(row);
                        }))
                .collect().last().replaceWithVoid();
    }

    /** Forgets join rows past their retention; counts labels that never met their prediction. */
    private Uni<Void> expireJoin(Instant now) {
        return Panache.withTransaction(() -> join.expire(now.minus(predictionTtl), now.minus(earlyLabelTtl)))
                .invoke(e -> metrics.labelsUnmatched(e.unmatchedExpired(), e.unmatchedWaiting()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.debugf("Could not expire label join rows now: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private static String status(BaselineStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
