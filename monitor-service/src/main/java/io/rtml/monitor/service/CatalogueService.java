package io.rtml.monitor.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.ModelAliases;
import io.rtml.monitor.client.RegistryReadClient;
import io.rtml.monitor.config.MonitorConfig;
import io.rtml.monitor.rest.AlertRuleView;
import io.rtml.monitor.rest.CatalogueView;
import io.rtml.monitor.rest.CatalogueView.CatalogueRow;
import io.rtml.monitor.rest.CatalogueView.DriftStatus;
import io.rtml.monitor.rest.ModelOverview;
import io.rtml.monitor.service.WindowStore.BaselineStatus;
import io.rtml.monitor.service.WindowStore.VersionInfo;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The MLOps page's catalogue and model overview: the registry's facts about each model (read with the caller's
 * token, so roles apply) joined with what this monitor measures (inferences served, drift, accuracy, alerts).
 */
@ApplicationScoped
public class CatalogueService {

    public static final List<String> MODES = List.of("batch", "streaming");
    public static final List<String> STATUSES = List.of("drifting", "stale", "healthy");
    public static final List<String> SORTS = List.of("name", "perMinute", "perHour", "perDay", "age");
    public static final List<String> ORDERS = List.of("asc", "desc");
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final int MAX_TENANTS_LISTED = 1000;

    private final RegistryReadClient registry;
    private final InferenceCounts counts;
    private final ReportService reports;
    private final WindowStore store;
    private final AlertRuleService rules;
    private final Duration range;

    public CatalogueService(@RestClient RegistryReadClient registry, InferenceCounts counts, ReportService reports,
                            WindowStore store, AlertRuleService rules, MonitorConfig config) {
        this.registry = registry;
        this.counts = counts;
        this.reports = reports;
        this.store = store;
        this.rules = rules;
        this.range = config.defaultRange();
    }

    /** The filters and sort of one catalogue request, as given (null: not set). */
    public record Query(String industry, String mode, String tenant, String status, String sort, String order) {
    }

    /**
     * Every model matching the filters, sorted. Bad values of mode, status, sort and order → 400 naming each with
     * the values allowed; an industry no model has, or a tenant the registry does not know → 400 naming it and
     * the ones there are; the registry unreachable → 503 with Retry-After.
     */
    public Uni<CatalogueView> catalogue(String authorization, Query q) {
        List<String> problems = new ArrayList<>();
        String mode = oneOf("mode", q.mode(), MODES, problems);
        String status = oneOf("status", q.status(), STATUSES, problems);
        String sort = oneOf("sort", q.sort(), SORTS, problems);
        String order = oneOf("order", q.order(), ORDERS, problems);
        if (!problems.isEmpty()) {
            throw new ApiException(400, String.join("; ", problems), problems);
        }
        String sortBy = sort == null ? "name" : sort;
        boolean descending = order == null ? !sortBy.equals("name") : order.equals("desc");
        Instant now = Instant.now();
        return Uni.combine().all().unis(
                        relay(registry.models(authorization), "the catalogue"),
                        relay(registry.versionsWithAlias(authorization, ModelAliases.CHAMPION), "the champions"),
                        tenantModels(authorization, blankToNull(q.tenant())),
                        rules.list())
                .asTuple()
                .flatMap(t -> {
                    JsonNode models = t.getItem1();
                    Set<String> industries = new TreeSet<>();
                    models.forEach(m -> {
                        if (text(m, "industry") != null) {
                            industries.add(text(m, "industry"));
                        }
                    });
                    String industry = blankToNull(q.industry());
                    if (industry != null && industries.stream().noneMatch(i -> i.equalsIgnoreCase(industry))) {
                        throw new ApiException(400, "Unknown industry '" + industry + "'; the catalogue has "
                                + (industries.isEmpty() ? "no industries" : String.join(", ", industries)),
                                Map.of("industry", industry, "allowed", industries));
                    }
                    Map<String, JsonNode> champions = new HashMap<>();
                    t.getItem2().forEach(v -> champions.put(text(v, "model"), v));
                    Map<String, Long> firing = firingByModel(t.getItem4());
                    List<JsonNode> matching = new ArrayList<>();
                    models.forEach(m -> {
                        if ((industry == null || industry.equalsIgnoreCase(text(m, "industry")))
                                && (mode == null || mode.equals(text(m, "ingestionMode")))
                                && (t.getItem3() == null || t.getItem3().contains(text(m, "name")))) {
                            matching.add(m);
                        }
                    });
                    if (matching.isEmpty()) {
                        return Uni.createFrom().item(new CatalogueView(q, List.copyOf(industries), List.of()));
                    }
                    // One model after the other: each row reads its windows through the one reactive session of
                    // this request, which must not be used by two queries at once.
                    return Multi.createFrom().iterable(matching)
                            .onItem().transformToUniAndConcatenate(m -> row(authorization, m,
                                    champions.get(text(m, "name")), firing, now))
                            .collect().asList()
                            .map(rows -> new CatalogueView(q, List.copyOf(industries), rows.stream()
                                    .filter(r -> status == null || r.status().contains(status))
                                    .sorted(comparator(sortBy, descending)).toList()));
                });
    }

    /** Registry facts of one model, its traffic per version and what serves it now. */
    public Uni<ModelOverview> overview(String authorization, String model) {
        Instant now = Instant.now();
        String what = "model '" + model + "'";
        return Uni.combine().all().unis(
                        relay(registry.model(authorization, model), what),
                        relay(registry.versions(authorization, model), "the versions of " + what),
                        relay(registry.route(authorization, model), "the route of " + what),
                        relay(registry.audit(authorization, model), "the audit trail of " + what)
                                .onFailure(CatalogueService::forbidden).recoverWithNull())
                .asTuple()
                .map(t -> {
                    JsonNode aliases = t.getItem1().path("aliases");
                    Integer champion = aliases.hasNonNull(ModelAliases.CHAMPION)
                            ? aliases.get(ModelAliases.CHAMPION).asInt() : null;
                    Integer challenger = activeChallenger(t.getItem3());
                    JsonNode championVersion = null;
                    for (JsonNode v : t.getItem2()) {
                        if (champion != null && v.path("version").asInt() == champion) {
                            championVersion = v;
                        }
                    }
                    return new ModelOverview(model, champion, challenger, t.getItem1(), t.getItem3(), championVersion,
                            t.getItem2(), t.getItem4(), counts.model(model, now), counts.versions(model, now),
                            counts.perMinute(model, now, 60), now.getEpochSecond() / 60 * 60);
                });
    }

    private Uni<CatalogueRow> row(String authorization, JsonNode m, JsonNode championVersion,
                                  Map<String, Long> firing, Instant now) {
        String name = text(m, "name");
        Integer champion = m.path("aliases").hasNonNull(ModelAliases.CHAMPION)
                ? m.path("aliases").get(ModelAliases.CHAMPION).asInt() : null;
        Uni<JsonNode> route = relay(registry.route(authorization, name), "the route of model '" + name + "'");
        Uni<Monitored> monitored = champion == null ? Uni.createFrom().item(Monitored.NONE)
                : monitored(name, champion, now);
        return Uni.combine().all().unis(route, monitored).asTuple().map(t -> {
            JsonNode r = t.getItem1();
            Monitored mon = t.getItem2();
            JsonNode resiliency = championVersion == null ? null : championVersion.get("resiliency");
            String resiliencyStatus = resiliency == null ? null : text(resiliency, "status");
            Instant registered = championVersion == null || text(championVersion, "createdAt") == null ? null
                    : Instant.parse(text(championVersion, "createdAt"));
            List<String> status = new ArrayList<>();
            if ("drifting".equals(mon.drift().status())) {
                status.add("drifting");
            }
            if ("stale".equals(resiliencyStatus)) {
                status.add("stale");
            }
            if (status.isEmpty()) {
                status.add("healthy");
            }
            return new CatalogueRow(name, text(m, "description"), text(m, "industry"), text(m, "ingestionMode"),
                    text(m, "owner"), champion, activeChallenger(r), text(r, "mode"),
                    r.path("percent").isNumber() ? r.get("percent").asDouble() : null,
                    text(r, "stickyBy"), counts.model(name, now), mon.drift(), mon.accuracy(), mon.labelled(),
                    resiliency == null || !resiliency.path("score").isNumber() ? null : resiliency.get("score").asDouble(),
                    resiliencyStatus, firing.getOrDefault(name, 0L), registered,
                    registered == null ? null : Duration.between(registered, now).toSeconds() / 86_400.0, status);
        });
    }

    private record Monitored(DriftStatus drift, Double accuracy, long labelled) {
        static final Monitored NONE = new Monitored(new DriftStatus("no-champion", List.of(), 0,
                "the registry names no champion"), null, 0);
    }

    /** The champion's drift verdict and live accuracy over the default report range, from this monitor's windows. */
    private Uni<Monitored> monitored(String model, int champion, Instant now) {
        VersionInfo v = store.version(model, champion).orElse(null);
        if (v == null) {
            return Uni.createFrom().item(new Monitored(new DriftStatus("no-traffic", List.of(), 0,
                    "the monitor has seen no prediction of the champion, version " + champion), null, 0));
        }
        Instant from = now.minus(range);
        return reports.stats(model, champion, from, now).map(stats -> {
            Double accuracy = stats.labelled() == 0 ? null : (double) stats.correct() / stats.labelled();
            DriftStatus drift;
            if (v.status() != BaselineStatus.READY) {
                drift = new DriftStatus("no-baseline", List.of(), stats.predictions(), v.status() == BaselineStatus.NONE
                        ? "the champion has no baseline profile in the registry" : "its baseline is not fetched yet");
            } else if (stats.predictions() == 0) {
                drift = new DriftStatus("no-traffic", List.of(), 0, "no prediction of the champion in the last " + range);
            } else {
                List<String> drifted = reports.drift(new ReportService.Window(v, from, now, stats)).driftedFeatures();
                drift = new DriftStatus(drifted.isEmpty() ? "ok" : "drifting", drifted, stats.predictions(), null);
            }
            return new Monitored(drift, accuracy, stats.labelled());
        });
    }

    /** The models a tenant subscribes to; null without a tenant filter. */
    private Uni<Set<String>> tenantModels(String authorization, String tenant) {
        if (tenant == null) {
            return Uni.createFrom().nullItem();
        }
        return registry.subscriptions(authorization, tenant)
                .map(subs -> {
                    Set<String> models = new TreeSet<>();
                    subs.forEach(s -> models.add(text(s, "model")));
                    return models;
                })
                .onFailure(e -> status(e) == 404).recoverWithUni(e -> registry.tenants(authorization, MAX_TENANTS_LISTED)
                        .onFailure().recoverWithNull()
                        .map(page -> {
                            List<String> ids = new ArrayList<>();
                            if (page != null) {
                                page.path("items").forEach(i -> ids.add(text(i, "id")));
                            }
                            throw new ApiException(400, "Unknown tenant '" + tenant + "'"
                                    + (ids.isEmpty() ? "" : "; the registry has " + String.join(", ", ids)),
                                    Map.of("tenant", tenant, "allowed", ids));
                        }))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> registryFailure(e,
                        "the subscriptions of tenant '" + tenant + "'"));
    }

    private static Map<String, Long> firingByModel(List<AlertRuleView> rules) {
        Map<String, Long> firing = new LinkedHashMap<>();
        for (AlertRuleView r : rules) {
            if (isFiring(r.evaluation()) || isFiring(r.challengerEvaluation())) {
                firing.merge(r.model(), 1L, Long::sum);
            }
        }
        return firing;
    }

    private static boolean isFiring(AlertRuleView.Evaluation e) {
        return e != null && "firing".equals(e.state());
    }

    private static Integer activeChallenger(JsonNode route) {
        String mode = text(route, "mode");
        boolean active = "shadow".equals(mode) || "canary".equals(mode);
        return active && route.path("challenger").isNumber() ? route.get("challenger").asInt() : null;
    }

    private static Comparator<CatalogueRow> comparator(String sort, boolean descending) {
        Function<CatalogueRow, Comparable> key = switch (sort) {
            case "perMinute" -> r -> r.inferences().lastMinute();
            case "perHour" -> r -> r.inferences().lastHour();
            case "perDay" -> r -> r.inferences().lastDay();
            case "age" -> r -> r.championAgeDays() == null ? -1.0 : r.championAgeDays();
            default -> CatalogueRow::model;
        };
        @SuppressWarnings("unchecked")
        Comparator<CatalogueRow> byKey = Comparator.comparing(key, Comparator.naturalOrder());
        // Ties (e.g. models without traffic) keep a stable, readable order: by name.
        return (descending ? byKey.reversed() : byKey).thenComparing(CatalogueRow::model);
    }

    /** A registry read whose failure becomes the caller's answer: 401/403/404 relayed, anything else 503. */
    private static Uni<JsonNode> relay(Uni<JsonNode> call, String what) {
        return call.onFailure().transform(e -> registryFailure(e, what));
    }

    private static ApiException registryFailure(Throwable e, String what) {
        if (e instanceof ApiException a) {
            return a;
        }
        int status = status(e);
        if (status == 401 || status == 403) {
            return new ApiException(status, "The registry refused to show " + what + " to this token (" + status + ")");
        }
        if (status == 404) {
            return ApiException.notFound("The registry does not know " + what);
        }
        return ApiException.unavailable("The registry could not be asked for " + what + ": "
                + BaselineService.describe(e), RETRY_AFTER);
    }

    private static boolean forbidden(Throwable e) {
        return e instanceof ApiException a && (a.status() == 403 || a.status() == 401);
    }

    private static int status(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse() != null ? w.getResponse().getStatus() : -1;
    }

    private static String oneOf(String name, String value, List<String> allowed, List<String> problems) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        problems.add("'" + name + "' must be one of " + String.join(", ", allowed) + "; got '" + v + "'");
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
