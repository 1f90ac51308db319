package io.rtml.registry.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.rtml.common.rest.ApiException;
import io.rtml.common.rest.UniqueViolation;
import io.rtml.registry.entity.Tenant;
import io.rtml.registry.repository.TenantRepository;
import io.rtml.registry.rest.CreateTenantRequest;
import io.rtml.registry.rest.PageView;
import io.rtml.registry.rest.TenantView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** The email platform's client accounts: create, find, list page by page. */
@ApplicationScoped
public class TenantService {

    public static final String DEFAULT_TIER = "standard";

    private final TenantRepository tenants;

    public TenantService(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /** Creates the tenant; 409 when the id is taken, also when a concurrent create of it commits first. */
    public Uni<TenantView> create(CreateTenantRequest request) {
        return Panache.withTransaction(() -> tenants.findById(request.id()).flatMap(existing -> {
            if (existing != null) {
                throw exists(request.id());
            }
            Tenant tenant = new Tenant();
            tenant.id = request.id();
            tenant.name = request.name();
            tenant.industry = request.industry();
            tenant.tier = request.tier() == null ? DEFAULT_TIER : request.tier();
            tenant.createdAt = Instant.now();
            return tenants.persist(tenant).map(TenantService::view);
        })).onFailure(UniqueViolation::in).transform(e -> exists(request.id()));
    }

    private static ApiException exists(String id) {
        return ApiException.conflict("Tenant '" + id + "' already exists", null);
    }

    @WithSession
    public Uni<TenantView> get(String id) {
        return require(id).map(TenantService::view);
    }

    @WithSession
    public Uni<PageView<TenantView>> list(int page, int size) {
        return tenants.page(page, size).flatMap(rows -> tenants.count()
                .map(total -> new PageView<>(rows.stream().map(TenantService::view).toList(), page, size, total)));
    }

    /** The tenant or a 404 that names it. */
    public Uni<Tenant> require(String id) {
        return tenants.findById(id).map(tenant -> {
            if (tenant == null) {
                throw ApiException.notFound("Tenant '" + id + "' does not exist");
            }
            return tenant;
        });
    }

    static TenantView view(Tenant t) {
        return new TenantView(t.id, t.name, t.industry, t.tier, t.createdAt);
    }
}
