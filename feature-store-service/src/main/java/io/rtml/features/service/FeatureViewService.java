package io.rtml.features.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.features.entity.FeatureViewDefinition;
import io.rtml.features.repository.EntityRepository;
import io.rtml.features.repository.FeatureViewRepository;
import io.rtml.features.rest.CreateFeatureViewRequest;
import io.rtml.features.rest.FeatureSpec;
import io.rtml.features.rest.FeatureViewDescription;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Feature view definitions: create (immutable afterwards), list, describe, load for the catalog. */
@ApplicationScoped
public class FeatureViewService {

    private final FeatureViewRepository views;
    private final EntityRepository entities;
    private final ObjectMapper mapper;

    public FeatureViewService(FeatureViewRepository views, EntityRepository entities, ObjectMapper mapper) {
        this.views = views;
        this.entities = entities;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<FeatureViewDescription> create(CreateFeatureViewRequest request) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = request.features().stream().map(FeatureSpec::name).filter(n -> !seen.add(n))
                .distinct().toList();
        if (!duplicates.isEmpty()) {
            throw new ApiException(400, "Feature view '" + request.name() + "' declares feature "
                    + String.join(", ", duplicates.stream().map(d -> "'" + d + "'").toList()) + " more than once",
                    duplicates);
        }
        if (request.retentionSeconds() != null && request.ttlSeconds() != null
                && request.retentionSeconds() <= request.ttlSeconds()) {
            throw new ApiException(400, "Feature view '" + request.name() + "': retentionSeconds ("
                    + request.retentionSeconds() + ") must be longer than ttlSeconds (" + request.ttlSeconds()
                    + "), or history would be removed while its values are still served", "retentionSeconds");
        }
        checkOnDemand(request);
        return entities.findById(request.entity()).onItem().transformToUni(entity -> {
            if (entity == null) {
                throw ApiException.badRequest("Entity '" + request.entity()
                        + "' does not exist; create it with POST /api/v1/entities first");
            }
            return views.findByName(request.name());
        }).onItem().transformToUni(existing -> {
            if (existing != null) {
                throw ApiException.conflict("Feature view '" + request.name() + "' already exists", null);
            }
            FeatureViewDefinition view = new FeatureViewDefinition();
            view.name = request.name();
            view.entityName = request.entity();
            view.ttlSeconds = request.ttlSeconds();
            view.retentionSeconds = request.retentionSeconds();
            view.description = request.description();
            view.features = write(request.features());
            view.createdAt = Instant.now();
            return views.persist(view).map(this::describe);
        });
    }

    @WithSession
    public Uni<List<FeatureViewDescription>> list() {
        return views.listByName().map(list -> list.stream().map(this::describe).toList());
    }

    @WithSession
    public Uni<FeatureViewDescription> describe(String name) {
        return views.findByName(name).map(view -> {
            if (view == null) {
                throw ApiException.notFound("Feature view '" + name + "' does not exist");
            }
            return describe(view);
        });
    }

    /** The view ready for reads and writes, or null when there is none by that name. */
    @WithSession
    public Uni<FeatureView> load(String name) {
        return views.findByName(name).map(view -> view == null ? null : toFeatureView(view));
    }

    /** An on-demand feature needs a stored source feature of the same view, and hours/seconds are FP64. */
    private static void checkOnDemand(CreateFeatureViewRequest request) {
        Map<String, FeatureSpec> byName = new LinkedHashMap<>();
        request.features().forEach(f -> byName.put(f.name(), f));
        for (FeatureSpec f : request.features()) {
            if (f.onDemand() == null) {
                continue;
            }
            FeatureSpec source = byName.get(f.onDemand().feature());
            if (source == null || source.onDemand() != null) {
                throw new ApiException(400, "On-demand feature '" + f.name() + "' reads feature '" + f.onDemand().feature()
                        + "', which is not a stored feature of view '" + request.name() + "'", f.name());
            }
            if (!"FP64".equals(f.type())) {
                throw new ApiException(400, "On-demand feature '" + f.name() + "' (" + f.onDemand().function()
                        + ") gives a number of hours or seconds: its type must be FP64, not " + f.type(), f.name());
            }
        }
    }

    private FeatureViewDescription describe(FeatureViewDefinition v) {
        return new FeatureViewDescription(v.name, v.entityName, v.ttlSeconds, v.retentionSeconds, v.description, read(v.features), v.createdAt);
    }

    private FeatureView toFeatureView(FeatureViewDefinition v) {
        Map<String, FeatureType> types = new LinkedHashMap<>();
        Map<String, OnDemandFeature> onDemand = new LinkedHashMap<>();
        read(v.features).forEach(f -> {
            types.put(f.name(), FeatureType.valueOf(f.type()));
            if (f.onDemand() != null) {
                onDemand.put(f.name(), new OnDemandFeature(f.onDemand().function(), f.onDemand().feature()));
            }
        });
        return new FeatureView(v.id, v.name, v.entityName, v.ttlSeconds, v.retentionSeconds, v.description, types,
                onDemand, v.createdAt);
    }

    private String write(List<FeatureSpec> features) {
        try {
            return mapper.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise feature specs", e);
        }
    }

    private List<FeatureSpec> read(String json) {
        try {
            return mapper.readValue(json, new TypeReference<List<FeatureSpec>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored feature specs do not parse: " + e.getOriginalMessage(), e);
        }
    }
}
