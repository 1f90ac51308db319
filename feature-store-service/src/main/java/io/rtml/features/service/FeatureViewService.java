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
import io.rtml.features.rest.AggregationSpec;
import io.rtml.features.rest.CreateFeatureViewRequest;
import io.rtml.features.rest.FeatureSpec;
import io.rtml.features.rest.FeatureViewDescription;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
        List<String> duplicates = Stream.concat(request.features().stream().map(FeatureSpec::name),
                        aggregationSpecs(request).stream().map(AggregationSpec::name))
                .filter(n -> !seen.add(n)).distinct().toList();
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
        checkAggregations(request);
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
            view.aggregations = request.aggregations() == null || request.aggregations().isEmpty() ? null
                    : write(request.aggregations());
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

    /**
     * An aggregation needs a known function, a stored source feature of the view (numeric for sum, mean, min
     * and max) and a window that parses, fits its buckets and is no longer than the view's retention.
     */
    private static void checkAggregations(CreateFeatureViewRequest request) {
        Map<String, FeatureSpec> byName = new LinkedHashMap<>();
        request.features().forEach(f -> byName.put(f.name(), f));
        List<String> stored = request.features().stream().filter(f -> f.onDemand() == null).map(FeatureSpec::name).toList();
        for (AggregationSpec a : aggregationSpecs(request)) {
            AggregationFunction function = AggregationFunction.parse(a.function());
            if (function == null) {
                throw aggregationProblem(a, "function", "function '" + a.function() + "' is not one of "
                        + AggregationFunction.NAMES);
            }
            FeatureSpec source = byName.get(a.source());
            if (source == null || source.onDemand() != null) {
                throw aggregationProblem(a, "source", "source '" + a.source() + "' is not a stored feature of view '"
                        + request.name() + "' (it has " + String.join(", ", stored) + ")");
            }
            if (function.needsNumericSource() && !FeatureType.valueOf(source.type()).numeric()) {
                throw aggregationProblem(a, "source", function.wireName() + " needs a numeric source, but '"
                        + a.source() + "' is " + source.type());
            }
            Duration window;
            try {
                window = Aggregation.parseWindow(a.window());
            } catch (IllegalArgumentException e) {
                throw aggregationProblem(a, "window", e.getMessage());
            }
            if (request.retentionSeconds() != null && window.toSeconds() > request.retentionSeconds()) {
                throw aggregationProblem(a, "window", "window '" + a.window() + "' (" + window.toSeconds()
                        + " s) is longer than the view's retentionSeconds (" + request.retentionSeconds()
                        + "): the events it needs would be removed");
            }
        }
    }

    private static ApiException aggregationProblem(AggregationSpec a, String field, String problem) {
        return new ApiException(400, "Aggregation '" + a.name() + "': " + problem,
                Map.of("aggregation", a.name(), "field", field, "problem", problem));
    }

    private static List<AggregationSpec> aggregationSpecs(CreateFeatureViewRequest request) {
        return request.aggregations() == null ? List.of() : request.aggregations();
    }

    private FeatureViewDescription describe(FeatureViewDefinition v) {
        return new FeatureViewDescription(v.name, v.entityName, v.ttlSeconds, v.retentionSeconds, v.description,
                read(v.features), readAggregations(v.aggregations), v.createdAt,
                readTypes(toFeatureView(v)));
    }

    private static Map<String, String> readTypes(FeatureView view) {
        Map<String, String> out = new LinkedHashMap<>();
        view.featureNames().forEach(name -> out.put(name, view.type(name).name()));
        return out;
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
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        readAggregations(v.aggregations).forEach(a -> aggregations.put(a.name(), Aggregation.of(a.name(),
                AggregationFunction.parse(a.function()), a.source(), types.get(a.source()), a.window())));
        return new FeatureView(v.id, v.name, v.entityName, v.ttlSeconds, v.retentionSeconds, v.description, types,
                onDemand, aggregations, v.createdAt);
    }

    private String write(List<?> features) {
        try {
            return mapper.writeValueAsString(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise feature specs", e);
        }
    }

    private List<AggregationSpec> readAggregations(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return mapper.readValue(json, new TypeReference<List<AggregationSpec>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored aggregation specs do not parse: " + e.getOriginalMessage(), e);
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
