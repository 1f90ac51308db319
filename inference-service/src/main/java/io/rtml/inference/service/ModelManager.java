package io.rtml.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rtml.common.rest.ApiException;
import io.rtml.inference.client.RegistryClient;
import io.rtml.inference.client.RegistryModel;
import io.rtml.inference.config.InferenceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which version of each model serves, and the loaded versions behind it. A new champion is loaded
 * and warmed first and only then swapped in, so the old version answers until the new one is ready.
 * Concurrent requests for a model that is not loaded yet share one load; a failed load is not
 * retried for {@code rtml.inference.reload-backoff}, and the failure is what callers see meanwhile.
 */
@ApplicationScoped
public class ModelManager {

    private static final Logger LOG = Logger.getLogger(ModelManager.class);
    public static final String CHAMPION = "champion";

    private final ModelLoader loader;
    private final RegistryClient registry;
    private final InferenceConfig config;
    private final MeterRegistry metrics;
    private final Map<String, LoadedModel> champions = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();
    private final Map<String, Uni<LoadedModel>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> loadedGauges = new ConcurrentHashMap<>();
    /** Each model's aliases (alias → version) as last read from the registry and moved by lifecycle events. */
    private final Map<String, Map<String, Integer>> aliasVersions = new ConcurrentHashMap<>();

    /**
     * A failed load, remembered until {@code retryAfter}. Callers meanwhile get a 503 naming the reason,
     * with the time left until the next attempt as Retry-After; an ApiException (registry answered 5xx)
     * keeps its own message.
     */
    private record Failure(Throwable error, Instant retryAfter) {

        ApiException toCaller() {
            Duration wait = Duration.between(Instant.now(), retryAfter);
            String reason = error instanceof ModelLoadException || error instanceof ApiException
                    ? error.getMessage() : "load failed: " + error;
            return ApiException.unavailable(reason.endsWith(".") ? reason : reason + ".",
                    wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    public ModelManager(ModelLoader loader, @RestClient RegistryClient registry, InferenceConfig config,
                        MeterRegistry metrics) {
        this.loader = loader;
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
    }

    /** The serving champion, loading it on first use. */
    public Uni<LoadedModel> champion(String model) {
        LoadedModel current = champions.get(model);
        if (current != null) {
            return Uni.createFrom().item(current);
        }
        return registry.model(model)
                .onFailure(WebApplicationException.class).transform(e -> notRegistered(model, e))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> ApiException.unavailable(
                        "Model registry is unreachable (" + e.getMessage() + "); try again shortly",
                        ApiException.DEFAULT_RETRY_AFTER))
                .flatMap(info -> {
                    rememberAliases(model, info);
                    Integer v = info.aliases() == null ? null : info.aliases().get(CHAMPION);
                    if (v == null) {
                        throw new ApiException(404, "Model '" + model + "' has no champion version to serve");
                    }
                    return version(model, v);
                })
                .invoke(l -> {
                    champions.putIfAbsent(model, l);
                    markLoaded(l);
                })
                .map(l -> champions.get(model));
    }

    /**
     * The version {@code alias} points at (what a tenant that follows it is served), loading it on first use;
     * 404 when the alias points at nothing. The champion alias is {@link #champion(String)}.
     */
    public Uni<LoadedModel> forAlias(String model, String alias) {
        if (CHAMPION.equals(alias)) {
            return champion(model);
        }
        Map<String, Integer> known = aliasVersions.get(model);
        Uni<Map<String, Integer>> aliases = known != null ? Uni.createFrom().item(known) : registry.model(model)
                .onFailure(WebApplicationException.class).transform(e -> notRegistered(model, e))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> ApiException.unavailable(
                        "Model registry is unreachable (" + e.getMessage() + "); try again shortly",
                        ApiException.DEFAULT_RETRY_AFTER))
                .map(info -> rememberAliases(model, info));
        return aliases.flatMap(a -> {
            Integer v = a.get(alias);
            if (v == null) {
                return Uni.createFrom().failure(new ApiException(404, "Model '" + model + "' has no version with alias '"
                        + alias + "' to serve"));
            }
            return version(model, v);
        });
    }

    /** The registry moved {@code alias} of {@code model} to {@code version}; applies to the next request. */
    public void aliasMoved(String model, String alias, int version) {
        aliasVersions.computeIfPresent(model, (m, a) -> {
            a.put(alias, version);
            return a;
        });
    }

    private Map<String, Integer> rememberAliases(String model, RegistryModel info) {
        Map<String, Integer> fresh = new ConcurrentHashMap<>(info.aliases() == null ? Map.of() : info.aliases());
        Map<String, Integer> kept = aliasVersions.putIfAbsent(model, fresh);
        return kept != null ? kept : fresh;
    }

    /** A specific version, loading it on first use. */
    public Uni<LoadedModel> version(String model, int version) {
        String key = key(model, version);
        LoadedModel ready = loaded.get(key);
        if (ready != null) {
            return Uni.createFrom().item(ready);
        }
        Failure failure = failures.get(key);
        if (failure != null && Instant.now().isBefore(failure.retryAfter())) {
            return Uni.createFrom().failure(failure.toCaller());
        }
        return inFlight.computeIfAbsent(key, k -> loader.load(model, version)
                .onFailure(WebApplicationException.class).transform(e -> notRegistered(model + " v" + version, e))
                .invoke(l -> {
                    loaded.put(k, l);
                    failures.remove(k);
                })
                .onFailure(e -> !(e instanceof ApiException api && api.status() == 404)).transform(e -> {
                    if (e instanceof ModelLoadException) {
                        LOG.errorf("%s (next try after %s)", e.getMessage(), config.reloadBackoff());
                        metrics.counter("rtml_model_load_failures_total", "model", model).increment();
                    } else if (!(e instanceof ApiException)) {
                        LOG.errorf(e, "%s v%d could not be loaded (next try after %s)", model, version,
                                config.reloadBackoff());
                        metrics.counter("rtml_model_load_failures_total", "model", model).increment();
                    }
                    Failure f = new Failure(e, Instant.now().plus(config.reloadBackoff()));
                    failures.put(k, f);
                    return f.toCaller();
                })
                .onTermination().invoke(() -> inFlight.remove(k))
                .memoize().indefinitely());
    }

    /**
     * Loads and warms {@code version}, then makes it the champion. Versions other than the new and the
     * previous champion, and those another alias points at (tenants follow them), are closed: rollback to
     * the previous one stays instant.
     */
    public Uni<LoadedModel> switchChampion(String model, int version) {
        return version(model, version).invoke(next -> {
            LoadedModel previous = champions.put(model, next);
            markLoaded(next);
            LOG.infof("%s: champion is now v%d%s", model, version,
                    previous == null ? "" : " (was v" + previous.version() + ")");
            aliasMoved(model, CHAMPION, version);
            Collection<Integer> followed = aliasVersions.getOrDefault(model, Map.of()).values();
            loaded.values().removeIf(l -> {
                boolean stale = l.model().equals(model) && l.version() != version
                        && (previous == null || l.version() != previous.version()) && !followed.contains(l.version());
                if (stale) {
                    l.runtime().close();
                    unmarkLoaded(l);
                }
                return stale;
            });
        });
    }

    /** Loads every pinned model's champion; failures are logged and retried by the caller's schedule. */
    public Uni<Void> loadPinned() {
        List<String> pinned = config.pinnedModels().orElse(List.of());
        return Uni.join().all(pinned.stream()
                        .filter(m -> !champions.containsKey(m))
                        .map(m -> champion(m).onFailure().recoverWithItem(e -> {
                            LOG.warnf("Pinned model %s is not loaded yet: %s", m, e.getMessage());
                            return null;
                        }))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    /**
     * The model's non-archived versions, newest last, as the registry lists them. When the registry
     * cannot answer, only {@code known} (a version that is loaded and serving) is listed.
     */
    public Uni<List<Integer>> servableVersions(String model, int known) {
        return registry.versions(model, false)
                .map(list -> list.stream().map(v -> v.version()).sorted().toList())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Registry did not list the versions of %s (%s); metadata names v%d only", model,
                            e.getMessage(), known);
                    return List.of(known);
                });
    }

    public boolean pinnedReady() {
        return config.pinnedModels().orElse(List.of()).stream().allMatch(champions::containsKey);
    }

    public Collection<LoadedModel> champions() {
        return champions.values();
    }

    public LoadedModel currentChampion(String model) {
        return champions.get(model);
    }

    /** An unloaded version leaves the metric entirely, so "loaded == 0" only ever means a load is missing. */
    private void unmarkLoaded(LoadedModel l) {
        if (loadedGauges.remove(key(l.model(), l.version())) != null) {
            metrics.find("rtml_model_loaded").tags("model", l.model(), "version", Integer.toString(l.version()))
                    .meters().forEach(metrics::remove);
        }
    }

    private void markLoaded(LoadedModel l) {
        loadedGauges.computeIfAbsent(key(l.model(), l.version()), k -> metrics.gauge("rtml_model_loaded",
                Tags.of("model", l.model(), "version", Integer.toString(l.version())), new AtomicInteger())).set(1);
    }

    private static RuntimeException notRegistered(String what, Throwable e) {
        int status = ((WebApplicationException) e).getResponse().getStatus();
        if (status == 404) {
            return new ApiException(404, "Model " + quote(what) + " is not registered");
        }
        return new ApiException(503, "Model registry answered " + status + " for " + what + "; try again shortly");
    }

    private static String quote(String what) {
        int space = what.indexOf(' ');
        return space < 0 ? "'" + what + "'" : "'" + what.substring(0, space) + "'" + what.substring(space);
    }

    private static String key(String model, int version) {
        return model + "@" + version;
    }
}
