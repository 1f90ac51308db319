package io.rtml.registry.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.inference.RoutePolicy;
import io.rtml.registry.config.RegistryConfig;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelVersion;
import io.rtml.registry.repository.ModelAliasRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.ModelRouteRepository;
import io.rtml.registry.rest.AbortRouteRequest;
import io.rtml.registry.rest.AliasView;
import io.rtml.registry.rest.SetRouteRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model's champion/challenger route, kept in the registry so every inference replica splits traffic
 * the same way. Setting one checks the challenger with the validation gate minus the metric comparison
 * ({@link ValidationGate#compatibility}); promoting runs the full champion gate and moves champion
 * exactly as {@code PUT aliases/champion} does. Every change takes the model-row lock that alias moves
 * and archiving take, and records {@code route-set} (version = the challenger, 0 when off) through the
 * outbox in the same transaction.
 */
@ApplicationScoped
public class RouteService {

    private final ModelService models;
    private final VersionService versions;
    private final AliasService aliasMoves;
    private final ModelRepository modelRows;
    private final ModelAliasRepository aliases;
    private final ModelRouteRepository routes;
    private final RouteWriter writer;
    private final RegistryConfig config;
    private final LoadAndAnswerCheck loads;

    public RouteService(ModelService models, VersionService versions, AliasService aliasMoves, ModelRepository modelRows,
                        ModelAliasRepository aliases, ModelRouteRepository routes, RouteWriter writer,
                        RegistryConfig config, LoadAndAnswerCheck loads) {
        this.loads = loads;
        this.models = models;
        this.versions = versions;
        this.aliasMoves = aliasMoves;
        this.modelRows = modelRows;
        this.aliases = aliases;
        this.routes = routes;
        this.writer = writer;
        this.config = config;
    }

    /** A checked request: the challenger still as given (a version number or an alias). */
    private record Wanted(String challenger, RoutePolicy.Mode mode, int percent, RoutePolicy.StickyBy stickyBy,
                          int holdoutPercent) {
    }

    /** The stored route, or {@link RoutePolicy#off} when none was ever set. */
    @WithSession
    public Uni<RoutePolicy> get(String modelName) {
        return models.require(modelName).flatMap(model -> routes.findById(model.id)
                .map(row -> writer.policy(model, row)));
    }

    /**
     * Sets the route: 400 for a bad body, 404 for an unknown challenger, 409 when the model has no
     * champion or the challenger is archived, is the champion, or fails the compatibility checks (the
     * report in {@code details}). Mode off clears the challenger. Nothing is stored on any refusal.
     */
    @WithTransaction
    public Uni<RoutePolicy> set(String modelName, SetRouteRequest request, String actor) {
        Wanted wanted = check(request);
        return models.require(modelName).flatMap(modelRows::lock).flatMap(model -> routes.findById(model.id)
                .flatMap(existing -> {
                    if (wanted.holdoutPercent() > 0 && model.fallback == null) {
                        throw ApiException.conflict("holdoutPercent " + wanted.holdoutPercent() + " needs model '" + modelName
                                + "' to declare a fallback policy first (PATCH /api/v1/models/" + modelName
                                + " with {\"fallback\": {\"kind\", \"output\"}}): the holdout is answered by it", null);
                    }
                    if (wanted.mode() == RoutePolicy.Mode.OFF) {
                        return writer.write(model, existing, null, wanted.mode(), wanted.percent(), wanted.stickyBy(),
                                wanted.holdoutPercent(), actor, RouteWriter.details("set", existing));
                    }
                    return aliases.findAlias(model.id, AliasService.CHAMPION).flatMap(champion -> {
                        if (champion == null) {
                            throw ApiException.conflict("Model '" + modelName + "' has no champion: set alias '"
                                    + AliasService.CHAMPION + "' before routing traffic to a challenger", null);
                        }
                        return resolve(model, wanted.challenger()).flatMap(candidate -> {
                            if (candidate.archivedAt != null) {
                                throw ApiException.conflict("Version " + candidate.version + " of model '" + modelName
                                        + "' is archived (since " + candidate.archivedAt + ") and cannot be the challenger", null);
                            }
                            if (candidate.version == champion.version) {
                                throw ApiException.conflict("Version " + candidate.version + " is the champion of model '"
                                        + modelName + "' and cannot be its own challenger", null);
                            }
                            GateReport compatible = ValidationGate.compatibility(aliasMoves.gateView(candidate));
                            Uni<GateReport> checked = !compatible.passed() ? Uni.createFrom().item(compatible)
                                    : loads.check(model.name, candidate.version).map(compatible::with);
                            return checked.flatMap(report -> {
                                if (!report.passed()) {
                                    throw ApiException.conflict("Version " + candidate.version
                                            + " did not pass the validation gate's compatibility checks for a challenger (signature, baseline, loads and answers)", report);
                                }
                                Map<String, Object> details = RouteWriter.details("set", existing);
                                details.put("requested", wanted.challenger());
                                details.put("gate", report);
                                return writer.write(model, existing, candidate, wanted.mode(), wanted.percent(),
                                        wanted.stickyBy(), wanted.holdoutPercent(), actor, details);
                            });
                        });
                    });
                }));
    }

    /**
     * Makes the challenger champion through the full gate (as {@code PUT aliases/champion}: same alias
     * move, audit row and {@code alias-set} event) and turns the route off, in one transaction. 409 when
     * no route is active or the gate refuses (audited as {@code alias-refused}).
     */
    public Uni<AliasView> promote(String modelName, String actor) {
        return aliasMoves.auditingRefusals(() -> models.require(modelName).flatMap(modelRows::lock).flatMap(model -> routes.findById(model.id)
                .flatMap(existing -> {
                    if (existing == null || existing.challenger == null) {
                        throw ApiException.conflict("Model '" + modelName + "' has no active route to promote", null);
                    }
                    return versions.require(model, existing.challenger)
                            .flatMap(candidate -> aliasMoves.assign(model, AliasService.CHAMPION, candidate,
                                    config.gate().metricTolerance(), actor, "promote"))
                            .call(champion -> writer.turnOff(model, existing, actor,
                                    RouteWriter.details("promoted", existing)));
                })), actor);
    }

    /** Turns an active route off (the monitor's abort action among others); 409 when none is active. */
    @WithTransaction
    public Uni<RoutePolicy> abort(String modelName, AbortRouteRequest request, String actor) {
        return models.require(modelName).flatMap(modelRows::lock).flatMap(model -> routes.findById(model.id)
                .flatMap(existing -> {
                    if (existing == null || existing.challenger == null) {
                        throw ApiException.conflict("Model '" + modelName + "' has no active route to abort", null);
                    }
                    Map<String, Object> details = RouteWriter.details("aborted", existing);
                    details.put("reason", request == null || request.reason() == null ? "" : request.reason());
                    return writer.turnOff(model, existing, actor, details);
                }));
    }

    /** Every problem of the body at once, as one 400; nothing is looked up before the body is sound. */
    private Wanted check(SetRouteRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A body {\"challenger\", \"mode\", \"percent\", \"stickyBy\", \"holdoutPercent\"} is required");
        }
        List<String> problems = new ArrayList<>();
        RoutePolicy.Mode mode = request.mode() == null ? null : RouteWriter.wireValue(RoutePolicy.Mode.class, request.mode());
        if (request.mode() == null) {
            problems.add("mode is required: one of " + wireNames(RoutePolicy.Mode.class));
        } else if (mode == null) {
            problems.add("mode must be one of " + wireNames(RoutePolicy.Mode.class) + ", not '" + request.mode() + "'");
        }
        RoutePolicy.StickyBy stickyBy = request.stickyBy() == null ? RoutePolicy.StickyBy.ENTITY
                : RouteWriter.wireValue(RoutePolicy.StickyBy.class, request.stickyBy());
        if (stickyBy == null) {
            problems.add("stickyBy must be one of " + wireNames(RoutePolicy.StickyBy.class)
                    + ", not '" + request.stickyBy() + "'");
        }
        if (request.percent() != null && (request.percent() < 0 || request.percent() > 100)) {
            problems.add("percent must be 0-100, not " + request.percent());
        }
        if (mode == RoutePolicy.Mode.CANARY && request.percent() == null) {
            problems.add("percent is required for mode canary");
        }
        int holdout = request.holdoutPercent() == null ? 0 : request.holdoutPercent();
        if (holdout < 0 || holdout > 100) {
            problems.add("holdoutPercent must be 0-100, not " + holdout);
        } else if (mode == RoutePolicy.Mode.CANARY && request.percent() != null && request.percent() >= 0
                && request.percent() <= 100 && request.percent() + holdout > 100) {
            problems.add("holdoutPercent + percent must be at most 100 (the holdout and the canary are disjoint shares), not "
                    + holdout + " + " + request.percent());
        }
        boolean noChallenger = request.challenger() == null || request.challenger().isBlank();
        if (mode != null && mode != RoutePolicy.Mode.OFF && noChallenger) {
            problems.add("challenger is required for mode " + RouteWriter.wireName(mode)
                    + ": a version number or an alias name");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, String.join("; ", problems), problems);
        }
        int percent = mode == RoutePolicy.Mode.OFF || request.percent() == null ? 0 : request.percent();
        return new Wanted(mode == RoutePolicy.Mode.OFF ? null : request.challenger().trim(), mode, percent, stickyBy, holdout);
    }

    /**
     * A version number resolves to that version (404 when the model has none), an alias name to the
     * version it points at now (404 when the model has no such alias); anything else is a 400.
     */
    private Uni<ModelVersion> resolve(Model model, String challenger) {
        if (challenger.matches("[0-9]{1,9}")) {
            return versions.require(model, Integer.parseInt(challenger));
        }
        if (!challenger.matches("[a-z][a-z0-9-]{0,31}")) {
            throw ApiException.badRequest("challenger must be a version number or an alias name, not '" + challenger + "'");
        }
        return aliases.findAlias(model.id, challenger).flatMap(alias -> {
            if (alias == null) {
                throw ApiException.notFound("Model '" + model.name + "' has no alias '" + challenger
                        + "' (challenger names a version number or an alias)");
            }
            return versions.require(model, alias.version);
        });
    }

    private static <E extends Enum<E>> String wireNames(Class<E> type) {
        return String.join(", ", Arrays.stream(type.getEnumConstants()).map(RouteWriter::wireName).toList());
    }
}
