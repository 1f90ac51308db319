package io.rtml.registry.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.registry.config.RegistryConfig;
import io.rtml.registry.entity.LifecycleEventRow;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelAlias;
import io.rtml.registry.entity.ModelVersion;
import io.rtml.registry.repository.LifecycleEventRepository;
import io.rtml.registry.repository.ModelAliasRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.ModelRouteRepository;
import io.rtml.registry.rest.AliasView;
import io.rtml.registry.rest.AuditEntry;
import io.rtml.registry.rest.RollbackRequest;
import io.rtml.registry.rest.SetAliasRequest;
import io.rtml.registry.rest.Signature;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Moves aliases. Setting {@code champion} runs the {@link ValidationGate} first: a failing gate
 * answers 409 with the report and changes nothing but the audit log ({@code alias-refused}). Rollback
 * walks champion back along its history ({@link ChampionHistory}), and turns the model's route off when
 * the version it lands on was its challenger.
 */
@ApplicationScoped
public class AliasService {

    public static final String CHAMPION = "champion";

    private final ModelService models;
    private final VersionService versions;
    private final ModelRepository modelRows;
    private final ModelAliasRepository aliases;
    private final ModelRouteRepository routes;
    private final RouteWriter routeWriter;
    private final LifecycleEventRepository events;
    private final LifecycleOutbox outbox;
    private final RegistryConfig config;
    private final JsonColumns json;
    private final FeatureLineage lineage;
    private final LoadAndAnswerCheck loads;

    public AliasService(ModelService models, VersionService versions, ModelRepository modelRows,
                        ModelAliasRepository aliases, ModelRouteRepository routes, RouteWriter routeWriter,
                        LifecycleEventRepository events,
                        LifecycleOutbox outbox,
                        RegistryConfig config, JsonColumns json, FeatureLineage lineage, LoadAndAnswerCheck loads) {
        this.lineage = lineage;
        this.loads = loads;
        this.models = models;
        this.versions = versions;
        this.modelRows = modelRows;
        this.aliases = aliases;
        this.routes = routes;
        this.routeWriter = routeWriter;
        this.events = events;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
    }

    /**
     * Points {@code alias} at a version, through the validation gate for {@code champion}. A refusal (409
     * with the report) changes nothing and is audited as {@code alias-refused}.
     */
    public Uni<AliasView> setAlias(String modelName, String alias, SetAliasRequest request, String actor) {
        if (!alias.matches("[a-z][a-z0-9-]{0,31}")) {
            throw ApiException.badRequest("Alias must be 1-32 lower-case letters, digits or '-', starting with a letter");
        }
        double tolerance = request.tolerance() != null ? request.tolerance() : config.gate().metricTolerance();
        return auditingRefusals(() -> models.require(modelName).flatMap(modelRows::lock)
                .flatMap(model -> versions.require(model, request.version())
                        .call(candidate -> CHAMPION.equals(alias) ? notTheChallenger(model, candidate) : Uni.createFrom().voidItem())
                        .flatMap(candidate -> assign(model, alias, candidate, tolerance, actor, "set"))), actor);
    }

    /**
     * Runs {@code change} in a transaction; when the gate refuses, the change has rolled back, and the
     * refusal with its report is written to the audit log in a transaction of its own.
     */
    <T> Uni<T> auditingRefusals(java.util.function.Supplier<Uni<T>> change, String actor) {
        return Panache.withTransaction(change)
                .onFailure(GateRefusal.class).call(e -> {
                    GateRefusal refusal = (GateRefusal) e;
                    return Panache.withTransaction(() -> outbox.record(LifecycleEventType.ALIAS_REFUSED, refusal.model(),
                            refusal.version(), refusal.alias(), refusal.sha256(), actor,
                            json.write(Map.of("action", refusal.action(), "gate", refusal.report()))));
                });
    }

    /**
     * Champion may not be set straight onto the route's challenger: the route would then send its
     * canary or shadow traffic to the champion itself. Promoting the route does this move and turns
     * the route off in one go.
     */
    private Uni<Void> notTheChallenger(Model model, ModelVersion candidate) {
        return routes.findById(model.id).invoke(route -> {
            if (route != null && route.challenger != null && route.challenger == candidate.version) {
                throw ApiException.conflict("Version " + candidate.version + " is the challenger of model '" + model.name
                        + "''s route: promote it (POST /api/v1/models/" + model.name
                        + "/route/promote) or abort the route first", null);
            }
        }).replaceWithVoid();
    }

    /**
     * Points {@code alias} at {@code candidate} and records {@code alias-set}, through the validation
     * gate for {@code champion} (409 with the report when it refuses). The caller holds the model-row
     * lock and the transaction: a route promotion moves champion through here too.
     */
    Uni<AliasView> assign(Model model, String alias, ModelVersion version, double tolerance, String actor,
                          String action) {
        ModelVersion candidate = assignable(model, alias, version);
        return gate(model, alias, candidate, tolerance)
                .flatMap(report -> {
                    if (report != null && !report.passed()) {
                        throw new GateRefusal("Version " + candidate.version + " did not pass the validation gate for '"
                                + alias + "'", model.name, candidate.version, candidate.artifactSha256, alias, action, report);
                    }
                    return move(model, alias, candidate, LifecycleEventType.ALIAS_SET, actor,
                            report == null ? null : json.write(Map.of("gate", report)))
                            .map(a -> new AliasView(model.name, alias, a.version, a.updatedAt, report));
                });
    }

    /**
     * Moves champion one step back along its history (or, with {@code toVersion}, down to that earlier
     * champion): the target passes the gate's compatibility checks first (a refusal is a 409 with the
     * report, audited), and the move is audited as {@code rolled-back} with where it came from. Turns the
     * route off when the target was its challenger.
     */
    public Uni<AliasView> rollback(String modelName, RollbackRequest request, String actor) {
        Integer toVersion = request == null ? null : request.toVersion();
        String reason = request == null || request.reason() == null ? "" : request.reason();
        return auditingRefusals(() -> models.require(modelName).flatMap(modelRows::lock)
                .flatMap(model -> aliases.findAlias(model.id, CHAMPION).flatMap(current -> {
                    if (current == null) {
                        throw ApiException.conflict("Model '" + modelName + "' has no champion to roll back", null);
                    }
                    return events.aliasHistory(modelName, CHAMPION).flatMap(rows -> {
                        List<Integer> chain = ChampionHistory.replay(rows);
                        if (chain.isEmpty() || chain.get(chain.size() - 1) != current.version) {
                            chain.add(current.version);
                        }
                        Integer target = ChampionHistory.target(chain, toVersion);
                        if (target == null) {
                            throw ApiException.conflict(toVersion == null
                                    ? "Champion version " + current.version + " has no earlier champion to roll back to"
                                    : "Version " + toVersion + " is not an earlier champion of model '" + modelName
                                            + "' on its champion history " + chain, Map.of("history", chain));
                        }
                        return versions.require(model, target).flatMap(version -> {
                            ModelVersion candidate = assignable(model, CHAMPION, version);
                            GateReport report = ValidationGate.compatibility(gateView(candidate));
                            if (!report.passed()) {
                                throw new GateRefusal("Version " + target + " did not pass the validation gate's"
                                        + " compatibility checks to become champion again", modelName, target,
                                        candidate.artifactSha256, CHAMPION, "rollback", report);
                            }
                            Map<String, Object> details = new java.util.LinkedHashMap<>();
                            details.put("from", current.version);
                            details.put("reason", reason);
                            if (toVersion != null) {
                                details.put("toVersion", toVersion);
                            }
                            details.put("gate", report);
                            return move(model, CHAMPION, candidate, LifecycleEventType.ROLLED_BACK, actor, json.write(details))
                                    .call(a -> routeWriter.offWhenChallengerIs(model, a.version, "rolled-back", actor))
                                    .map(a -> new AliasView(modelName, CHAMPION, a.version, a.updatedAt, report));
                        });
                    });
                })), actor);
    }

    @WithSession
    public Uni<Map<String, Integer>> list(String modelName) {
        return models.get(modelName).map(m -> m.aliases());
    }

    @WithSession
    public Uni<List<AuditEntry>> audit(String modelName) {
        return models.require(modelName).flatMap(m -> events.auditLog(modelName))
                .map(rows -> rows.stream().map(this::auditEntry).toList());
    }

    /** The version itself, or a 409 when it is archived: no alias may point at an archived version. */
    private static ModelVersion assignable(Model model, String alias, ModelVersion version) {
        if (version.archivedAt != null) {
            throw ApiException.conflict("Version " + version.version + " of model '" + model.name
                    + "' is archived (since " + version.archivedAt + ") and cannot be set as '" + alias + "'", null);
        }
        return version;
    }

    private Uni<GateReport> gate(Model model, String alias, ModelVersion candidate, double tolerance) {
        if (!CHAMPION.equals(alias)) {
            return Uni.createFrom().nullItem();
        }
        // Views change after registration: the featureRefs are checked against the feature store again.
        Uni<GateReport.Check> featureRefs = lineage.gateCheck(
                json.read(candidate.featureRefs, new TypeReference<List<String>>() { }),
                json.read(candidate.signature, Signature.class));
        return featureRefs.flatMap(refsCheck -> aliases.findAlias(model.id, CHAMPION).flatMap(current -> current == null
                ? Uni.createFrom().item(ValidationGate.evaluate(gateView(candidate), null, tolerance))
                : versions.require(model, current.version)
                        .map(champion -> ValidationGate.evaluate(gateView(candidate), gateView(champion), tolerance)))
                .map(report -> report.with(refsCheck)))
                // Last, and only for a candidate that passed everything else: a load is the costly check.
                .flatMap(report -> !report.passed() ? Uni.createFrom().item(report)
                        : loads.check(model.name, candidate.version).map(report::with));
    }

    /** The parts of a stored version the validation gate reads. */
    ValidationGate.Candidate gateView(ModelVersion v) {
        return new ValidationGate.Candidate(v.version, json.read(v.signature, Signature.class),
                v.baselineProfile != null && !"null".equals(v.baselineProfile),
                json.read(v.metrics, new TypeReference<Map<String, Double>>() { }),
                json.read(v.sliceMetrics, new TypeReference<Map<String, Map<String, Double>>>() { }));
    }

    private Uni<ModelAlias> move(Model model, String alias, ModelVersion target, LifecycleEventType type,
                                 String actor, String details) {
        return aliases.findAlias(model.id, alias).flatMap(existing -> {
            ModelAlias row = existing != null ? existing : new ModelAlias();
            row.modelId = model.id;
            row.alias = alias;
            row.version = target.version;
            row.updatedAt = Instant.now();
            Uni<ModelAlias> saved = existing != null ? Uni.createFrom().item(row) : aliases.persist(row);
            return saved.call(a -> outbox.record(type, model.name, target.version, alias, target.artifactSha256,
                    actor, details));
        });
    }

    private AuditEntry auditEntry(LifecycleEventRow row) {
        return new AuditEntry(row.id, row.type, row.version, row.alias, row.sha256, row.actor,
                json.tree(row.details), row.createdAt, row.publishedAt != null);
    }
}
