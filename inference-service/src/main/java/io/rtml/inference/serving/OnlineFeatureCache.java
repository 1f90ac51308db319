package io.rtml.inference.serving;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.rtml.contracts.FeatureRef;
import io.rtml.inference.client.FeatureStoreClient;
import io.rtml.inference.client.OnlineFeatures;
import io.rtml.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded cache of online feature values per (entity key, feature), for entities read again and again
 * (a campaign scoring the same recipients for several models). An entry never outlives the value's
 * freshness: it expires after {@code rtml.inference.feature-cache.ttl}, and a present value expires no
 * later than the moment its view's TTL would have made it stale, so the cache never serves as present a
 * value the feature store would answer as {@code OUTSIDE_TTL}. Until a view's TTL is known (read once from
 * the feature store) its values are not cached. Off unless {@code rtml.inference.feature-cache.enabled}.
 */
@ApplicationScoped
public class OnlineFeatureCache {

    private static final Logger LOG = Logger.getLogger(OnlineFeatureCache.class);
    private static final Duration VIEW_REFRESH = Duration.ofMinutes(5);

    private final boolean enabled;
    private final long ttlNanos;
    private final Cache<Key, Entry> cache;
    private final FeatureStoreClient featureStore;
    private final Map<String, ViewTtl> views = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reading = new ConcurrentHashMap<>();

    private record Key(String entityKey, String ref) {
    }

    private record Entry(OnlineFeatures.Value value, long lifetimeNanos) {
    }

    /** A view's TTL as last read; {@code ttl} empty means its values never expire. */
    private record ViewTtl(OptionalLong ttlSeconds, long readAtNanos) {
    }

    public OnlineFeatureCache(InferenceConfig config, @RestClient FeatureStoreClient featureStore) {
        InferenceConfig.FeatureCache settings = config.featureCache();
        this.enabled = settings.enabled();
        this.ttlNanos = settings.ttl().toNanos();
        this.featureStore = featureStore;
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry entry, long now) {
                        return entry.lifetimeNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry entry, long now, long current) {
                        return entry.lifetimeNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry entry, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Puts into {@code found} every key whose features are all cached, and returns the keys that must be
     * read from the feature store (all of them when the cache is off).
     */
    List<String> lookup(List<String> refs, Collection<String> keys, Map<String, Map<String, OnlineFeatures.Value>> found) {
        if (!enabled) {
            return new ArrayList<>(keys);
        }
        List<String> misses = new ArrayList<>();
        for (String key : keys) {
            Map<String, OnlineFeatures.Value> values = new LinkedHashMap<>();
            for (String ref : refs) {
                Entry e = cache.getIfPresent(new Key(key, ref));
                if (e == null) {
                    break;
                }
                values.put(ref, e.value());
            }
            if (values.size() == refs.size()) {
                found.put(key, values);
            } else {
                misses.add(key);
            }
        }
        return misses;
    }

    /** Keeps what the feature store answered, each value for as long as it may be served. */
    void store(List<OnlineFeatures.EntityResult> results) {
        if (!enabled) {
            return;
        }
        for (OnlineFeatures.EntityResult r : results) {
            if (r.features() == null) {
                continue;
            }
            r.features().forEach((ref, value) -> {
                long lifetime = value == null ? 0 : lifetimeNanos(ref, value);
                if (lifetime > 0) {
                    cache.put(new Key(r.entityKey(), ref), new Entry(value, lifetime));
                }
            });
        }
    }

    private long lifetimeNanos(String ref, OnlineFeatures.Value value) {
        ViewTtl view = viewTtl(FeatureRef.parse(ref).view());
        return view == null ? 0 : lifetimeNanos(ttlNanos, view.ttlSeconds(), value);
    }

    /**
     * The cache TTL, cut to the time left before a present value would fall outside its view's TTL
     * ({@code viewTtlSeconds} empty: the view's values never expire). Zero means: do not cache.
     */
    static long lifetimeNanos(long cacheTtlNanos, OptionalLong viewTtlSeconds, OnlineFeatures.Value value) {
        long lifetime = cacheTtlNanos;
        if (viewTtlSeconds.isPresent()) {
            long viewTtl = viewTtlSeconds.getAsLong() * 1_000_000_000L;
            lifetime = Math.min(lifetime, viewTtl);
            if ("PRESENT".equals(value.status())) {
                double age = value.ageSeconds() == null ? Double.POSITIVE_INFINITY : Math.max(0, value.ageSeconds());
                lifetime = Math.min(lifetime, (long) (viewTtl - age * 1e9));
            }
        }
        return Math.max(0, lifetime);
    }

    /** The view's TTL if known and recent; otherwise asks for it in the background and answers null. */
    private ViewTtl viewTtl(String view) {
        ViewTtl known = views.get(view);
        if (known != null && System.nanoTime() - known.readAtNanos() < VIEW_REFRESH.toNanos()) {
            return known;
        }
        if (reading.putIfAbsent(view, Boolean.TRUE) == null) {
            featureStore.view(view).onTermination().invoke(() -> reading.remove(view)).subscribe().with(
                    v -> views.put(view, new ViewTtl(v.ttlSeconds() == null ? OptionalLong.empty()
                            : OptionalLong.of(v.ttlSeconds()), System.nanoTime())),
                    e -> LOG.debugf("TTL of feature view %s not read (%s); its values are not cached", view,
                            e.getMessage()));
        }
        return known;
    }

    /** Drops everything cached (tests, and operators through a restart). */
    public void clear() {
        cache.invalidateAll();
    }
}
