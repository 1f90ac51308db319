package io.rtml.registry.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.rtml.common.rest.ApiException;
import io.rtml.common.rest.UniqueViolation;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.contracts.inference.FallbackPolicy;
import io.rtml.contracts.kpi.Kpi;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelAlias;
import io.rtml.registry.repository.ModelAliasRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.ModelVersionRepository;
import io.rtml.registry.rest.BusinessPolicyRequest;
import io.rtml.registry.rest.CreateModelRequest;
import io.rtml.registry.rest.ModelView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model catalogue: create, find, list (by catalogue facts, and by what its versions' data cards say). */
@ApplicationScoped
public class ModelService {

    private final ModelRepository models;
    private final ModelVersionRepository versions;
    private final ModelAliasRepository aliases;
    private final JsonColumns json;
    private final jakarta.enterprise.inject.Instance<VersionService> versionSearch;
    private final LifecycleOutbox outbox;

    /** {@code versionSearch}: looked up lazily, since {@link VersionService} needs this service too. */
    public ModelService(ModelRepository models, ModelVersionRepository versions, ModelAliasRepository aliases,
                        JsonColumns json, jakarta.enterprise.inject.Instance<VersionService> versionSearch,
                        LifecycleOutbox outbox) {
        this.versionSearch = versionSearch;
        this.outbox = outbox;
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.json = json;
    }

    /**
     * Creates the model; 409 when the name is taken, also when a concurrent create of the same name
     * commits first (the database's unique constraint decides, and its refusal is mapped after the
     * transaction rolled back).
     */
    public Uni<ModelView> create(CreateModelRequest request) {
        return create(request, null);
    }

    /** As {@link #create(CreateModelRequest)}; a declared KPI or fallback is audited as {@code kpi-set} by {@code actor}. */
    public Uni<ModelView> create(CreateModelRequest request, String actor) {
        BusinessPolicyCheck.Checked declared = BusinessPolicyCheck.check(request.kpi(), request.fallback());
        return Panache.withTransaction(() -> models.findByName(request.name()).onItem().transformToUni(existing -> {
            if (existing != null) {
                throw exists(request.name());
            }
            Model model = new Model();
            model.name = request.name();
            model.description = request.description();
            model.industry = request.industry();
            model.ingestionMode = request.ingestionMode() == null ? "streaming" : request.ingestionMode();
            model.tags = json.write(request.tags() == null ? List.of() : request.tags());
            model.owner = request.owner();
            model.createdAt = Instant.now();
            model.kpi = declared.kpi() == null ? null : json.write(declared.kpi());
            model.fallback = declared.fallback() == null ? null : json.write(declared.fallback());
            Uni<Model> saved = models.persist(model);
            if (declared.kpi() != null || declared.fallback() != null) {
                saved = saved.call(m -> recordDeclaration(m, declared, actor, "create"));
            }
            return saved.map(m -> view(m, Map.of(), 0));
        })).onFailure(UniqueViolation::in).transform(e -> exists(request.name()));
    }

    private static ApiException exists(String name) {
        return ApiException.conflict("Model '" + name + "' already exists", null);
    }

    @WithSession
    public Uni<ModelView> get(String name) {
        return require(name).onItem().transformToUni(this::view);
    }

    @WithSession
    public Uni<List<ModelView>> list(String industry, String ingestionMode, String tag, String text,
                                     VersionFilter filter) {
        Uni<java.util.Set<Long>> ids = filter.any() ? versionSearch.get().modelsMatching(filter) : Uni.createFrom().nullItem();
        return ids.flatMap(only -> models.search(blankToNull(industry), blankToNull(ingestionMode), blankToNull(tag),
                        blankToNull(text), only))
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::view)
                .collect().asList();
    }

    /**
     * Replaces the model's tags with what {@code change} makes of them, under the model-row lock; a
     * tag longer than 64 characters is a 400.
     */
    public Uni<ModelView> updateTags(String name, java.util.function.UnaryOperator<List<String>> change) {
        return Panache.withTransaction(() -> require(name).flatMap(models::lock).flatMap(model -> {
            List<String> tags = change.apply(new java.util.ArrayList<>(
                    json.read(model.tags, new TypeReference<List<String>>() { })));
            tags.stream().filter(t -> t.isBlank() || t.length() > 64).findFirst().ifPresent(t -> {
                throw ApiException.badRequest("Tag '" + t + "' must be 1-64 characters");
            });
            model.tags = json.write(tags);
            return view(model);
        }));
    }

    /**
     * Declares (replaces) the model's KPI and/or fallback policy under the model-row lock, audited as
     * {@code kpi-set} through the outbox in the same transaction; a part left out keeps what is declared.
     * 400 naming each wrong field, 404 for an unknown model.
     */
    public Uni<ModelView> declare(String name, BusinessPolicyRequest request, String actor) {
        if (request == null || (request.kpi() == null && request.fallback() == null)) {
            throw ApiException.badRequest("A body {\"kpi\": {...}, \"fallback\": {...}} with at least one of the two is required");
        }
        BusinessPolicyCheck.Checked declared = BusinessPolicyCheck.check(request.kpi(), request.fallback());
        return Panache.withTransaction(() -> require(name).flatMap(models::lock).flatMap(model -> {
            if (declared.kpi() != null) {
                model.kpi = json.write(declared.kpi());
            }
            if (declared.fallback() != null) {
                model.fallback = json.write(declared.fallback());
            }
            return recordDeclaration(model, declared, actor, "declare").flatMap(row -> view(model));
        }));
    }

    private Uni<?> recordDeclaration(Model model, BusinessPolicyCheck.Checked declared, String actor, String action) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        if (declared.kpi() != null) {
            details.put("kpi", declared.kpi());
        }
        if (declared.fallback() != null) {
            details.put("fallback", declared.fallback());
        }
        return outbox.record(LifecycleEventType.KPI_SET, model.name, 0, null, null, actor, json.write(details));
    }

    /** The model's declared fallback policy, or null. */
    public FallbackPolicy fallback(Model model) {
        return model.fallback == null ? null : json.read(model.fallback, FallbackPolicy.class);
    }

    /** The model or a 404 that names it. */
    public Uni<Model> require(String name) {
        return models.findByName(name).map(model -> {
            if (model == null) {
                throw ApiException.notFound("Model '" + name + "' does not exist");
            }
            return model;
        });
    }

    private Uni<ModelView> view(Model model) {
        return aliases.listAliases(model.id).flatMap(list -> versions.latestVersionNumber(model.id)
                .map(latest -> view(model, aliasMap(list), latest)));
    }

    private ModelView view(Model m, Map<String, Integer> aliasMap, int latest) {
        return new ModelView(m.name, m.description, m.industry, m.ingestionMode,
                json.read(m.tags, new TypeReference<List<String>>() { }), m.owner, m.createdAt, aliasMap, latest,
                m.kpi == null ? null : json.read(m.kpi, Kpi.class), fallback(m));
    }

    private static Map<String, Integer> aliasMap(List<ModelAlias> list) {
        Map<String, Integer> out = new LinkedHashMap<>();
        list.forEach(a -> out.put(a.alias, a.version));
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
