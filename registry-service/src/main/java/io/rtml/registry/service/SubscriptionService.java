package io.rtml.registry.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.registry.entity.ModelAlias;
import io.rtml.registry.entity.Subscription;
import io.rtml.registry.entity.Tenant;
import io.rtml.registry.repository.ModelAliasRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.SubscriptionRepository;
import io.rtml.registry.repository.TenantRepository;
import io.rtml.registry.rest.PageView;
import io.rtml.registry.rest.SubscriberView;
import io.rtml.registry.rest.SubscriptionView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which models each tenant subscribes to and which alias of each it follows. Changes to one
 * tenant's subscriptions take a lock on its row, so a bundle replacement is never interleaved with
 * another change. Every change is a {@code subscription-set} event of the model, audited and published
 * through the outbox in the same transaction, so inference replicas update their copy of the bundle
 * without asking the registry on the request path.
 */
@ApplicationScoped
public class SubscriptionService {

    private final TenantService tenantService;
    private final ModelService modelService;
    private final TenantRepository tenants;
    private final ModelRepository models;
    private final ModelAliasRepository aliases;
    private final SubscriptionRepository subscriptions;
    private final LifecycleOutbox outbox;
    private final JsonColumns json;

    public SubscriptionService(TenantService tenantService, ModelService modelService, TenantRepository tenants,
                               ModelRepository models, ModelAliasRepository aliases,
                               SubscriptionRepository subscriptions, LifecycleOutbox outbox, JsonColumns json) {
        this.tenantService = tenantService;
        this.modelService = modelService;
        this.tenants = tenants;
        this.models = models;
        this.aliases = aliases;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.json = json;
    }

    /** Subscribes the tenant to the model (or changes the alias it follows). */
    @WithTransaction
    public Uni<SubscriptionView> subscribe(String tenantId, String modelName, String alias, String actor) {
        String followed = alias == null ? AliasService.CHAMPION : alias;
        return lockTenant(tenantId).flatMap(tenant -> modelService.require(modelName)
                .flatMap(model -> subscriptions.findSubscription(tenantId, model.id).flatMap(existing -> {
                    Instant now = Instant.now();
                    Subscription row = existing != null ? existing : newSubscription(tenantId, model.id, followed, now);
                    row.alias = followed;
                    row.updatedAt = now;
                    Uni<Subscription> saved = existing != null ? Uni.createFrom().item(row) : subscriptions.persist(row);
                    return saved.flatMap(s -> aliases.findAlias(model.id, followed)
                            .call(a -> announce(tenantId, model.name, followed, a == null ? 0 : a.version, actor))
                            .map(a -> view(s, model.name, a == null ? null : a.version)));
                })));
    }

    @WithTransaction
    public Uni<Void> unsubscribe(String tenantId, String modelName, String actor) {
        return lockTenant(tenantId).flatMap(tenant -> modelService.require(modelName)
                .flatMap(model -> subscriptions.findSubscription(tenantId, model.id).flatMap(existing -> {
                    if (existing == null) {
                        throw ApiException.notFound("Tenant '" + tenantId + "' is not subscribed to model '"
                                + modelName + "'");
                    }
                    return subscriptions.delete(existing).call(() -> announce(tenantId, model.name, null, 0, actor));
                })));
    }

    /**
     * Replaces the tenant's whole bundle: models not named are unsubscribed, new ones follow
     * champion, kept ones keep the alias they follow. Any unknown model name refuses the request
     * with every unknown name listed, and nothing changes.
     */
    @WithTransaction
    public Uni<List<SubscriptionView>> replace(String tenantId, List<String> modelNames, String actor) {
        Set<String> wanted = new LinkedHashSet<>(modelNames);
        return lockTenant(tenantId).flatMap(tenant -> models.findByNames(wanted).flatMap(found -> {
            Set<String> known = found.stream().map(m -> m.name).collect(Collectors.toSet());
            List<String> unknown = wanted.stream().filter(n -> !known.contains(n)).toList();
            if (!unknown.isEmpty()) {
                throw new ApiException(400, "Unknown model" + (unknown.size() == 1 ? " " : "s ")
                        + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                        + "; the subscriptions of tenant '" + tenantId + "' were not changed", unknown);
            }
            Set<Long> wantedIds = found.stream().map(m -> m.id).collect(Collectors.toSet());
            return subscriptions.forTenant(tenantId).flatMap(current -> {
                Set<Long> currentIds = current.stream().map(s -> s.modelId).collect(Collectors.toSet());
                List<Long> dropped = currentIds.stream().filter(id -> !wantedIds.contains(id)).toList();
                Instant now = Instant.now();
                List<Subscription> added = found.stream().filter(m -> !currentIds.contains(m.id))
                        .map(m -> newSubscription(tenantId, m.id, AliasService.CHAMPION, now)).toList();
                return subscriptions.deleteForTenant(tenantId, dropped)
                        .flatMap(n -> added.isEmpty() ? Uni.createFrom().voidItem() : subscriptions.persist(added))
                        .call(() -> announceAll(tenantId, dropped, added, actor))
                        .flatMap(ignored -> views(tenantId));
            });
        }));
    }

    @WithSession
    public Uni<List<SubscriptionView>> list(String tenantId) {
        return tenantService.require(tenantId).flatMap(tenant -> views(tenantId));
    }

    /** One page of the tenants subscribed to a model, in tenant id order. */
    @WithSession
    public Uni<PageView<SubscriberView>> subscribers(String modelName, int page, int size) {
        return modelService.require(modelName).flatMap(model -> subscriptions.forModel(model.id, page, size)
                .flatMap(rows -> tenants.findByIds(rows.stream().map(s -> s.tenantId).toList())
                        .flatMap(found -> subscriptions.countForModel(model.id).map(total -> {
                            Map<String, Tenant> byId = found.stream()
                                    .collect(Collectors.toMap(t -> t.id, Function.identity()));
                            List<SubscriberView> items = rows.stream().map(s -> {
                                Tenant t = byId.get(s.tenantId);
                                return new SubscriberView(s.tenantId, t.name, t.tier, s.alias, s.createdAt);
                            }).toList();
                            return new PageView<>(items, page, size, total);
                        }))));
    }

    /** Every subscription of the tenant with the version its alias resolves to now, by model name. */
    private Uni<List<SubscriptionView>> views(String tenantId) {
        return subscriptions.forTenant(tenantId).flatMap(rows -> {
            List<Long> modelIds = rows.stream().map(s -> s.modelId).toList();
            return models.findByIds(modelIds).flatMap(found -> aliases.forModels(modelIds).map(aliasRows -> {
                Map<Long, String> names = found.stream().collect(Collectors.toMap(m -> m.id, m -> m.name));
                Map<Long, Map<String, Integer>> aliasVersions = new HashMap<>();
                for (ModelAlias a : aliasRows) {
                    aliasVersions.computeIfAbsent(a.modelId, id -> new HashMap<>()).put(a.alias, a.version);
                }
                List<SubscriptionView> out = new ArrayList<>();
                for (Subscription s : rows) {
                    out.add(view(s, names.get(s.modelId), aliasVersions.getOrDefault(s.modelId, Map.of()).get(s.alias)));
                }
                out.sort(Comparator.comparing(SubscriptionView::model));
                return out;
            }));
        });
    }

    /** One {@code subscription-set} event per model whose subscription the replacement added or dropped. */
    private Uni<Void> announceAll(String tenantId, List<Long> dropped, List<Subscription> added, String actor) {
        List<Long> changed = new ArrayList<>(dropped);
        added.forEach(s -> changed.add(s.modelId));
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<Long> addedIds = added.stream().map(s -> s.modelId).collect(Collectors.toSet());
        return models.findByIds(changed).flatMap(found -> aliases.forModels(changed).flatMap(aliasRows -> {
            Map<Long, Integer> champions = new HashMap<>();
            for (ModelAlias a : aliasRows) {
                if (AliasService.CHAMPION.equals(a.alias)) {
                    champions.put(a.modelId, a.version);
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var model : found) {
                boolean subscribed = addedIds.contains(model.id);
                chain = chain.call(() -> announce(tenantId, model.name, subscribed ? AliasService.CHAMPION : null,
                        subscribed ? champions.getOrDefault(model.id, 0) : 0, actor));
            }
            return chain;
        }));
    }

    /** Audits and publishes a subscription change; {@code alias} null means the tenant dropped the model. */
    private Uni<Void> announce(String tenantId, String model, String alias, int version, String actor) {
        Map<String, Object> details = new HashMap<>();
        details.put("tenant", tenantId);
        details.put("subscribed", alias != null);
        return outbox.record(LifecycleEventType.SUBSCRIPTION_SET, model, version, alias, null, actor,
                json.write(details)).replaceWithVoid();
    }

    private Uni<Tenant> lockTenant(String tenantId) {
        return tenantService.require(tenantId).flatMap(t -> tenants.lock(t.id));
    }

    private static Subscription newSubscription(String tenantId, long modelId, String alias, Instant now) {
        Subscription s = new Subscription();
        s.tenantId = tenantId;
        s.modelId = modelId;
        s.alias = alias;
        s.createdAt = now;
        s.updatedAt = now;
        return s;
    }

    private static SubscriptionView view(Subscription s, String modelName, Integer version) {
        return new SubscriptionView(s.tenantId, modelName, s.alias, version, s.createdAt);
    }
}
