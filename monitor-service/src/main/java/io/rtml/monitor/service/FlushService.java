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

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monitor's heartbeat: loads the versions seen before a restart, asks the registry again for
 * baselines that were not available, and writes unflushed bucket deltas to PostgreSQL, merging each
 * into the stored bucket (so late predictions and late labels land in the bucket of their prediction
 * time). A failed write puts the deltas back; they are bounded by {@code rtml.monitor.limits.max-unflushed-buckets}.
 */
@ApplicationScoped
public class FlushService {

    private static final Logger LOG = Logger.getLogger(FlushService.class);

    private final WindowStore store;
    private final IngestService ingest;
    private final WindowBucketRepository buckets;
    private final MonitoredVersionRepository versions;
    private final StatsCodec codec;
    private final int maxClasses;
    private volatile boolean loaded;
    private volatile boolean failing;

    public FlushService(WindowStore store, IngestService ingest, WindowBucketRepository buckets,
                        MonitoredVersionRepository versions, StatsCodec codec,
                        MonitorConfig config) {
        this.store = store;
        this.ingest = ingest;
        this.buckets = buckets;
        this.versions = versions;
        this.codec = codec;
        this.maxClasses = config.limits().maxClasses();
    }

    @Scheduled(every = "${rtml.monitor.flush-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        Instant now = Instant.now();
        store.expire(now);
        store.claimDueFetches(now).forEach(ingest::refreshBaseline);
        return (loaded ? Uni.createFrom().voidItem() : load()).chain(this::flush);
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
        return Panache.withTransaction(() -> writeVersions(batch.versions()).chain(() -> writeBuckets(batch.buckets())))
                .invoke(() -> {
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

    private Uni<Void> writeBuckets(Map<BucketKey, WindowStats> deltas) {
        return Multi.createFrom().iterable(deltas.entrySet())
                .onItem().transformToUniAndConcatenate(e -> buckets.findBucket(e.getKey().model(), e.getKey().version(),
                                e.getKey().start())
                        .chain(row -> {
                            WindowStats merged = e.getValue();
                            if (row == null) {
                                row = new WindowBucket();
                                row.model = e.getKey().model();
                                row.version = e.getKey().version();
                                row.bucketStart = e.getKey().start();
                            } else {
                                merged = codec.read(row);
                                merged.merge(e.getValue(), maxClasses);
                            }
                            codec.write(merged, row);
                            return buckets.persist(row);
                        }))
                .collect().last().replaceWithVoid();
    }

    private static String status(BaselineStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
