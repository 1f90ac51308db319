package io.rtml.inference.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rtml.common.rest.ApiException;
import io.rtml.inference.client.RegistryClient;
import io.rtml.inference.client.RegistryModel;
import io.rtml.inference.config.InferenceConfig;
import io.rtml.inference.serving.ServingMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which version of each model serves, and the loaded versions behind it, within the memory budget
 * ({@link ResidentModels}). Versions load lazily on their first request; concurrent requests for a version
 * that is not loaded yet share one load, and each waits at most {@code rtml.inference.models.load-wait}
 * before a 503 (the load goes on and the retry finds it). The champions of pinned models are never evicted.
 * A new champion is loaded and warmed first and only then swapped in, so the old version answers until the
 * new one is ready; the old one then ages out like any unpinned version. A failed load is not retried for
 * {@code rtml.inference.reload-backoff}, and the failure is what callers see meanwhile.
 */
@ApplicationScoped
public class ModelManager {

    private static final Logger LOG = Logger.getLogger(ModelManager.class);
    public static final String CHAMPION = "champion";
    /** Times a request resolves its models again when one was evicted and closed before it could hold it. */
    private static final int HOLD_ATTEMPTS = 3;

    private final ModelLoader loader;
    private final RegistryClient registry;
    private final InferenceConfig config;
    private final ServingMetrics metrics;
    private final Set<String> pinnedModels;
    private final ResidentModels resident;
    /** Each model's serving champion version; the LoadedModel itself is looked up in {@link #resident}. */
    private final Map<String, Integer> championVersions = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<LoadedModel>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    /** Measured size of every version loaded so far, so one known to exceed the budget is refused unloaded. */
    private final Map<String, Long> measuredBytes = new ConcurrentHashMap<>();
    /** Why a version loaded before is no longer resident (evicted, unloaded), for the repository index. */
    private final Map<String, String> departed = new ConcurrentHashMap<>();
    /** Each model's aliases (alias → version) as last read from the registry and moved by lifecycle events. */
    private final Map<String, Map<String, Integer>> aliasVersions = new ConcurrentHashMap<>();

    /**
     * A failed load, remembered until {@code retryAfter}. Callers meanwhile get a 503 naming the reason,
     * with the time left until the next attempt as Retry-After; an ApiException (registry answered 5xx,
     * a 507 from the budget) keeps its own status and message.
     */
    private record Failure(Throwable error, Instant retryAfter) {

        ApiException toCaller() {
            if (error instanceof ApiException api && api.status() == 507) {
                return api;
            }
            Duration wait = Duration.between(Instant.now(), retryAfter);
            String reason = error instanceof ModelLoadException || error instanceof ApiException
                    ? error.getMessage() : "load failed: " + error;
            return ApiException.unavailable(reason.endsWith(".") ? reason : reason + ".",
                    wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    /** One row of the repository index: Triton's name, version, state (READY, LOADING, UNAVAILABLE), reason. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RepositoryEntry(String name, String version, String state, String reason,
                                  @JsonProperty("resident_bytes") Long residentBytes) {
    }

    public ModelManager(ModelLoader loader, @RestClient RegistryClient registry, InferenceConfig config,
                        ServingMetrics metrics) {
        this.loader = loader;
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        this.pinnedModels = Set.copyOf(config.pinnedModels().orElse(List.of()));
        long budget = config.models().memoryBudget().map(m -> m.asLongValue()).orElse(Runtime.getRuntime().maxMemory() / 2);
        this.resident = new ResidentModels(budget, this::pinned);
        metrics.modelMemory(budget, resident::bytesInMemory, resident::peakBytes);
        LOG.infof("Model memory budget: %d bytes%s", budget, config.models().memoryBudget().isPresent() ? ""
                : " (half the maximum heap; set rtml.inference.models.memory-budget)");
    }

    /** A pinned model's serving champion: never evicted. */
    private boolean pinned(LoadedModel l) {
        return pinnedModels.contains(l.model()) && Objects.equals(championVersions.get(l.model()), l.version());
    }

    /** The serving champion, loading it on first use. */
    public Uni<LoadedModel> champion(String model) {
        Integer current = championVersions.get(model);
        if (current != null) {
            return version(model, current);
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
                    // Known as champion before it loads, so a pinned model's champion is pinned from admission on.
                    return version(model, championVersions.computeIfAbsent(model, m -> v));
                });
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

    /**
     * A specific version, loading it on first use. A caller joining a load in progress waits up to
     * {@code rtml.inference.models.load-wait}, then gets a 503 with Retry-After while the load goes on.
     */
    public Uni<LoadedModel> version(String model, int version) {
        String key = LoadedModel.key(model, version);
        LoadedModel ready = resident.get(key);
        if (ready != null) {
            return Uni.createFrom().item(ready);
        }
        Long known = measuredBytes.get(key);
        if (known != null && known > resident.budgetBytes()) {
            return Uni.createFrom().failure(ResidentModels.tooLarge(model, version, known, resident.budgetBytes()));
        }
        Failure failure = failures.get(key);
        if (failure != null && Instant.now().isBefore(failure.retryAfter())) {
            return Uni.createFrom().failure(failure.toCaller());
        }
        CompletableFuture<LoadedModel> fresh = new CompletableFuture<>();
        CompletableFuture<LoadedModel> load = inFlight.computeIfAbsent(key, k -> fresh);
        if (load == fresh) {
            start(model, version, fresh);
        }
        Duration wait = config.models().loadWait();
        // A copy per caller: a caller that stops waiting cancels its copy, never the load the others share.
        return Uni.createFrom().completionStage(load.copy())
                .ifNoItem().after(wait).failWith(() -> ApiException.unavailable(model + " v" + version
                        + " is still loading after " + wait.toMillis() + " ms; try again shortly", wait));
    }

    /** Loads, measures and admits one version into the resident set, then completes {@code done}. */
    private void start(String model, int version, CompletableFuture<LoadedModel> done) {
        String key = LoadedModel.key(model, version);
        long begin = System.nanoTime();
        loader.load(model, version)
                .onFailure(WebApplicationException.class).transform(e -> notRegistered(model + " v" + version, e))
                .onFailure(e -> !(e instanceof ApiException api && api.status() == 404)).transform(e -> {
                    if (e instanceof ModelLoadException) {
                        LOG.errorf("%s (next try after %s)", e.getMessage(), config.reloadBackoff());
                        metrics.modelLoadFailed(model);
                    } else if (!(e instanceof ApiException)) {
                        LOG.errorf(e, "%s v%d could not be loaded (next try after %s)", model, version,
                                config.reloadBackoff());
                        metrics.modelLoadFailed(model);
                    }
                    Failure f = new Failure(e, Instant.now().plus(config.reloadBackoff()));
                    failures.put(key, f);
                    return f.toCaller();
                })
                .map(l -> admit(l, begin))
                .subscribe().with(l -> {
                    inFlight.remove(key, done);
                    done.complete(l);
                }, e -> {
                    inFlight.remove(key, done);
                    done.completeExceptionally(e);
                });
    }

    /** Makes a loaded version resident; a 507 (it can never fit) is remembered like a failed load. */
    private LoadedModel admit(LoadedModel loaded, long begin) {
        String key = loaded.key();
        measuredBytes.put(key, loaded.residentBytes());
        ResidentModels.Admission admission;
        try {
            admission = resident.admit(loaded);
        } catch (ApiException e) {
            LOG.warnf("%s not admitted: %s", key, e.getMessage());
            if (e.status() == 507) {
                failures.put(key, new Failure(e, Instant.now().plus(config.reloadBackoff())));
            }
            throw e;
        }
        failures.remove(key);
        departed.remove(key);
        for (LoadedModel gone : admission.evicted()) {
            departed.put(gone.key(), "evicted (least recently used) to make room for " + key);
            metrics.modelUnloaded(gone.model(), gone.version(), true);
            LOG.infof("Evicted %s (%d bytes, least recently used) for %s (%d bytes)", gone.key(), gone.residentBytes(),
                    key, loaded.residentBytes());
        }
        if (admission.serving() == loaded) {
            metrics.modelLoaded(loaded.model(), loaded.version(), System.nanoTime() - begin);
        }
        return admission.serving();
    }

    /**
     * Resolves the models of a request, holds each for as long as {@code work} runs and lets go when it ends:
     * an eviction meanwhile (another model's load needing room) defers the close until then, so it never fails
     * this request. A model evicted and closed between being resolved and being held is resolved again.
     */
    public <P, T> Uni<T> holding(Supplier<Uni<P>> resolve, Function<P, Collection<LoadedModel>> used,
                                 Function<P, Uni<T>> work) {
        return holding(resolve, used, work, 1);
    }

    private <P, T> Uni<T> holding(Supplier<Uni<P>> resolve, Function<P, Collection<LoadedModel>> used,
                                  Function<P, Uni<T>> work, int attempt) {
        return resolve.get().flatMap(resolved -> {
            List<LoadedModel> held = new ArrayList<>();
            for (LoadedModel l : used.apply(resolved)) {
                if (!l.tryAcquire()) {
                    held.forEach(LoadedModel::release);
                    if (attempt >= HOLD_ATTEMPTS) {
                        return Uni.createFrom().failure(ApiException.unavailable(l.model() + " v" + l.version()
                                + " was evicted " + attempt + " times while this request resolved it; try again shortly",
                                ResidentModels.BUSY_RETRY_AFTER));
                    }
                    return holding(resolve, used, work, attempt + 1);
                }
                held.add(l);
            }
            Uni<T> done;
            try {
                done = work.apply(resolved);
            } catch (RuntimeException e) {
                held.forEach(LoadedModel::release);
                throw e;
            }
            return done.onTermination().invoke(() -> held.forEach(LoadedModel::release));
        });
    }

    /**
     * Loads and warms {@code version}, then makes it the champion. The previous champion stays resident,
     * unpinned, until the budget needs its room, so a rollback to it is instant while it lasts.
     */
    public Uni<LoadedModel> switchChampion(String model, int version) {
        return version(model, version).invoke(next -> {
            Integer previous = championVersions.put(model, version);
            LOG.infof("%s: champion is now v%d%s", model, version, previous == null ? "" : " (was v" + previous + ")");
            aliasMoved(model, CHAMPION, version);
        });
    }

    /** Loads every pinned model's champion; failures are logged and retried by the caller's schedule. */
    public Uni<Void> loadPinned() {
        return Uni.join().all(pinnedModels.stream()
                        .filter(m -> currentChampion(m) == null)
                        .map(m -> champion(m).onFailure().recoverWithItem(e -> {
                            LOG.warnf("Pinned model %s is not loaded yet: %s", m, e.getMessage());
                            return null;
                        }))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    /** Triton's repository load: the model's champion, resident (loaded now unless it already is). */
    public Uni<LoadedModel> load(String model) {
        return champion(model);
    }

    /**
     * Triton's repository unload: every resident version of {@code model} leaves memory (a version answering
     * a request closes when the request ends); the next request loads it again. A pinned model is refused
     * with 409: this replica was told to keep it.
     */
    public List<LoadedModel> unload(String model) {
        if (pinnedModels.contains(model)) {
            throw ApiException.conflict("Model '" + model + "' is pinned (rtml.inference.pinned-models); it is "
                    + "not unloaded", Map.of("model", model));
        }
        List<LoadedModel> gone = new ArrayList<>();
        for (LoadedModel l : resident.all()) {
            if (l.model().equals(model) && resident.evict(l.key())) {
                departed.put(l.key(), "unloaded by request");
                metrics.modelUnloaded(l.model(), l.version(), false);
                gone.add(l);
            }
        }
        return gone;
    }

    /** What this replica knows of each version: resident, loading, refused or failed, evicted or unloaded. */
    public List<RepositoryEntry> index() {
        Map<String, RepositoryEntry> rows = new HashMap<>();
        departed.forEach((key, why) -> rows.put(key, entry(key, "UNAVAILABLE", why, null)));
        Instant now = Instant.now();
        failures.forEach((key, f) -> {
            if (now.isBefore(f.retryAfter())) {
                rows.put(key, entry(key, "UNAVAILABLE", f.toCaller().getMessage(), measuredBytes.get(key)));
            }
        });
        inFlight.keySet().forEach(key -> rows.put(key, entry(key, "LOADING", "", null)));
        resident.all().forEach(l -> rows.put(l.key(), entry(l.key(), "READY", "", l.residentBytes())));
        return rows.values().stream()
                .sorted(Comparator.comparing(RepositoryEntry::name).thenComparing(e -> Integer.parseInt(e.version())))
                .toList();
    }

    private static RepositoryEntry entry(String key, String state, String reason, Long bytes) {
        int at = key.lastIndexOf('@');
        return new RepositoryEntry(key.substring(0, at), key.substring(at + 1), state, reason, bytes);
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
        return pinnedModels.stream().allMatch(m -> currentChampion(m) != null);
    }

    /** The resident champions (a champion evicted under the budget loads again on its next request). */
    public Collection<LoadedModel> champions() {
        return championVersions.keySet().stream().map(this::currentChampion).filter(Objects::nonNull).toList();
    }

    /** The model's champion if it is resident, else null; does not count as a use. */
    public LoadedModel currentChampion(String model) {
        Integer v = championVersions.get(model);
        return v == null ? null : resident.peek(LoadedModel.key(model, v));
    }

    /** The model's serving champion version, resident or not; null before its first request. */
    public Integer championVersion(String model) {
        return championVersions.get(model);
    }

    /**
     * Whether {@code loaded} answers as its model's champion (route label {@code champion}): it is the champion
     * version, or the model has no champion here. Read from the version number, not the resident copy, so an
     * evicted champion does not turn the label of whatever answers meanwhile into champion.
     */
    public boolean isChampion(LoadedModel loaded) {
        Integer champion = championVersion(loaded.model());
        return champion == null || champion == loaded.version();
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
}
