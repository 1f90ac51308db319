package io.rtml.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.ArtifactChecksum;
import io.rtml.contracts.card.DataCard;
import io.rtml.contracts.lineage.TrainingSetSnapshot;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.contracts.inference.OipDatatype;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.registry.entity.Artifact;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelVersion;
import io.rtml.registry.entity.VersionFeature;
import io.rtml.registry.repository.ArtifactRepository;
import io.rtml.registry.repository.ModelAliasRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.ModelRouteRepository;
import io.rtml.registry.repository.ModelVersionRepository;
import io.rtml.registry.repository.VersionDataCardRepository;
import io.rtml.registry.repository.VersionFeatureRepository;
import io.rtml.registry.rest.ArchiveRequest;
import io.rtml.registry.rest.FeatureViewReader;
import io.rtml.registry.rest.ResiliencyView;
import io.rtml.registry.rest.Signature;
import io.rtml.registry.rest.TensorSpec;
import io.rtml.registry.rest.VersionMetadata;
import io.rtml.registry.rest.VersionView;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Registers immutable versions with their artifact and metadata, and serves them back with their data
 * resiliency score as of the read. Registration checks everything first — the metadata, the data card, the
 * training-set snapshot, and every featureRef against the feature store ({@link FeatureLineage}) — and
 * answers one 400 listing every problem, or stores the version, its card facts and its lineage in one
 * transaction. The feature store unreachable: 503, nothing stored.
 */
@ApplicationScoped
public class VersionService {

    static final Set<String> FORMATS = Set.of("tribuo", "onnx");

    private final ModelService models;
    private final ModelRepository modelRows;
    private final ModelVersionRepository versions;
    private final ArtifactRepository artifacts;
    private final ModelAliasRepository aliases;
    private final ModelRouteRepository routes;
    private final LifecycleOutbox outbox;
    private final JsonColumns json;
    private final FeatureLineage lineage;
    private final VersionDataCardRepository cards;
    private final VersionFeatureRepository versionFeatures;
    private final ResiliencyService resiliency;

    public VersionService(ModelService models, ModelRepository modelRows, ModelVersionRepository versions, ArtifactRepository artifacts,
                          ModelAliasRepository aliases, ModelRouteRepository routes, LifecycleOutbox outbox,
                          JsonColumns json, FeatureLineage lineage, VersionDataCardRepository cards,
                          VersionFeatureRepository versionFeatures, ResiliencyService resiliency) {
        this.lineage = lineage;
        this.cards = cards;
        this.versionFeatures = versionFeatures;
        this.resiliency = resiliency;
        this.models = models;
        this.modelRows = modelRows;
        this.versions = versions;
        this.artifacts = artifacts;
        this.aliases = aliases;
        this.routes = routes;
        this.outbox = outbox;
        this.json = json;
    }

    /** A stored artifact and its checksum. */
    public record ArtifactContent(String sha256, byte[] content) {
    }

    /** Metadata that parsed, its card and snapshot as contract records, and every problem found so far. */
    private record Checked(VersionMetadata metadata, DataCard card, TrainingSetSnapshot trainingSet, List<String> problems) {
    }

    /**
     * Validates the metadata (and the featureRefs against the feature store), then stores the artifact (once
     * per distinct content) and the next version number under a lock on the model row, with the card's facts
     * and the lineage, and records {@code registered} in the same transaction.
     */
    public Uni<VersionView> register(String modelName, String metadataJson, byte[] content, String actor) {
        Checked checked = parseAndValidate(metadataJson, content);
        VersionMetadata metadata = checked.metadata();
        String sha256 = ArtifactChecksum.sha256(content);
        if (metadata.sha256() != null && !metadata.sha256().equalsIgnoreCase(sha256)) {
            throw ApiException.badRequest("Artifact checksum mismatch: metadata says sha256 " + metadata.sha256()
                    + " but the uploaded bytes hash to " + sha256);
        }
        return lineage.check(metadata.featureRefs(), metadata.signature())
                .onFailure(FeatureLineage::unavailable).recoverWithUni(failure -> checked.problems().isEmpty()
                        ? Uni.createFrom().failure(failure)
                        : Uni.createFrom().item(new FeatureLineage.Result(List.of("featureRefs: not checked, "
                                + failure.getMessage()), List.of())))
                .flatMap(found -> {
                    List<String> problems = new ArrayList<>(checked.problems());
                    problems.addAll(found.problems());
                    if (!problems.isEmpty()) {
                        throw new ApiException(400, "Version metadata is invalid: " + String.join("; ", problems), problems);
                    }
                    List<String> views = found.features().stream().map(FeatureLineage.ResolvedFeature::view).distinct().toList();
                    return resiliency.ask(views).flatMap(freshness -> Panache.withTransaction(() ->
                            store(modelName, checked, found.features(), sha256, content, actor)
                                    .call(v -> resiliency.record(freshness, Instant.now()))));
                })
                .flatMap(v -> Panache.withSession(() -> get(modelName, v.version)));
    }

    private Uni<ModelVersion> store(String modelName, Checked checked, List<FeatureLineage.ResolvedFeature> features,
                                    String sha256, byte[] content, String actor) {
        VersionMetadata metadata = checked.metadata();
        return models.require(modelName)
                .flatMap(modelRows::lock)
                .flatMap(model -> storeArtifact(sha256, content)
                        .flatMap(ignored -> versions.latestVersionNumber(model.id))
                        .flatMap(latest -> {
                            ModelVersion v = new ModelVersion();
                            v.modelId = model.id;
                            v.version = latest + 1;
                            v.format = metadata.format();
                            v.artifactSha256 = sha256;
                            v.signature = json.write(metadata.signature());
                            v.metrics = json.write(metadata.metrics() == null ? Map.of() : metadata.metrics());
                            v.sliceMetrics = json.write(metadata.sliceMetrics() == null ? Map.of() : metadata.sliceMetrics());
                            v.params = json.write(metadata.params() == null ? Map.of() : metadata.params());
                            v.dataCard = json.write(metadata.dataCard());
                            v.baselineProfile = json.write(metadata.baselineProfile());
                            v.featureRefs = json.write(metadata.featureRefs() == null ? List.of() : metadata.featureRefs());
                            v.provenance = json.write(metadata.provenance());
                            v.description = metadata.description();
                            v.featureRelevance = json.write(metadata.featureRelevance());
                            v.trainingSet = json.write(metadata.trainingSet());
                            v.trainingRowsDigest = checked.trainingSet() == null ? null : checked.trainingSet().entityRowsDigest();
                            v.createdBy = actor;
                            v.createdAt = Instant.now();
                            return versions.persist(v);
                        })
                        .call(v -> checked.card() == null ? Uni.createFrom().voidItem()
                                : cards.persist(DataCardCheck.facts(v.id, checked.card())))
                        .call(v -> storeFeatures(v, features))
                        .call(v -> outbox.record(LifecycleEventType.REGISTERED, modelName, v.version, null, sha256,
                                v.createdBy, null)));
    }

    private Uni<Void> storeFeatures(ModelVersion v, List<FeatureLineage.ResolvedFeature> features) {
        Map<String, VersionFeature> rows = new java.util.LinkedHashMap<>();
        for (FeatureLineage.ResolvedFeature f : features) {
            VersionFeature row = new VersionFeature();
            row.versionId = v.id;
            row.viewName = f.view();
            row.feature = f.feature();
            row.featureType = f.type();
            rows.putIfAbsent(f.view() + ":" + f.feature(), row);
        }
        return rows.isEmpty() ? Uni.createFrom().voidItem() : versionFeatures.persist(rows.values().stream());
    }

    /** Every version, or only the active ones when {@code includeArchived} is false. */
    @WithSession
    public Uni<List<VersionView>> list(String modelName, boolean includeArchived) {
        return models.require(modelName).flatMap(model -> versions.listVersions(model.id)
                .map(list -> list.stream().filter(v -> includeArchived || v.archivedAt == null).toList())
                .flatMap(list -> views(list, Map.of(model.id, model.name), Instant.now())));
    }

    /**
     * Versions of every model (or of {@code modelName}) whose data-card facts, aliases and resiliency match
     * {@code filter}, as of now; archived ones only with {@code includeArchived}.
     */
    @WithSession
    public Uni<List<VersionView>> search(VersionFilter filter, String modelName, boolean includeArchived) {
        Instant now = Instant.now();
        Uni<Long> modelId = modelName == null ? Uni.createFrom().nullItem() : models.require(modelName).map(m -> m.id);
        return modelId.flatMap(id -> versions.search(filter.card(), id, includeArchived, now))
                .flatMap(list -> modelRows.findByIds(list.stream().map(v -> v.modelId).distinct().toList())
                        .flatMap(modelList -> views(list, modelList.stream()
                                .collect(Collectors.toMap(m -> m.id, m -> m.name)), now)))
                .map(found -> filter.resiliency() == null ? found : found.stream()
                        .filter(v -> v.resiliency().status().equals(filter.resiliency().wireName())).toList());
    }

    /** The ids of the models with a version that matches {@code filter} now (archived versions left out). */
    public Uni<Set<Long>> modelsMatching(VersionFilter filter) {
        Instant now = Instant.now();
        return versions.search(filter.card(), null, false, now).flatMap(list -> {
            if (filter.resiliency() == null) {
                return Uni.createFrom().item(list.stream().map(v -> v.modelId).collect(Collectors.toSet()));
            }
            return resiliency.scores(list, now).map(scores -> list.stream()
                    .filter(v -> scores.get(v.id).status().equals(filter.resiliency().wireName()))
                    .map(v -> v.modelId).collect(Collectors.toSet()));
        });
    }

    /** Every version that reads a feature of {@code viewName}, with the features it reads, by model and version. */
    @WithSession
    public Uni<List<FeatureViewReader>> readersOf(String viewName) {
        return versionFeatures.readersOf(viewName).flatMap(rows -> {
            Map<Long, List<String>> featuresOf = new java.util.LinkedHashMap<>();
            rows.forEach(r -> featuresOf.computeIfAbsent(r.versionId, k -> new ArrayList<>()).add(r.feature));
            return versions.findByIds(featuresOf.keySet()).flatMap(list -> modelRows.findByIds(
                    list.stream().map(v -> v.modelId).distinct().toList()).flatMap(modelList -> {
                Map<Long, String> names = modelList.stream().collect(Collectors.toMap(m -> m.id, m -> m.name));
                return aliasesOf(list).map(aliasMap -> list.stream()
                        .map(v -> new FeatureViewReader(names.get(v.modelId), v.version, featuresOf.get(v.id),
                                aliasMap.getOrDefault(v.id, List.of()), v.archivedAt != null))
                        .sorted(java.util.Comparator.comparing(FeatureViewReader::model)
                                .thenComparingInt(FeatureViewReader::version))
                        .toList());
            }));
        });
    }

    /** Views of the versions with their aliases and resiliency at {@code now}; artifact size left out (-1). */
    private Uni<List<VersionView>> views(List<ModelVersion> list, Map<Long, String> modelNames, Instant now) {
        return aliasesOf(list).flatMap(aliasMap -> resiliency.scores(list, now).map(scores -> list.stream()
                .map(v -> view(modelNames.get(v.modelId), v, -1, aliasMap.getOrDefault(v.id, List.of()), scores.get(v.id)))
                .toList()));
    }

    /** Version row id to the aliases pointing at it. */
    private Uni<Map<Long, List<String>>> aliasesOf(List<ModelVersion> list) {
        List<Long> modelIds = list.stream().map(v -> v.modelId).distinct().toList();
        return Multi.createFrom().iterable(modelIds)
                .onItem().transformToUniAndConcatenate(aliases::listAliases)
                .collect().asList()
                .map(perModel -> {
                    Map<String, Long> idOf = new HashMap<>();
                    list.forEach(v -> idOf.put(v.modelId + "/" + v.version, v.id));
                    Map<Long, List<String>> out = new HashMap<>();
                    perModel.forEach(aliasRows -> aliasRows.forEach(a -> {
                        Long id = idOf.get(a.modelId + "/" + a.version);
                        if (id != null) {
                            out.computeIfAbsent(id, k -> new ArrayList<>()).add(a.alias);
                        }
                    }));
                    return out;
                });
    }

    /**
     * Marks a version archived and records {@code archived} in the same transaction. Refused with 409
     * while an alias points at the version or the model's route names it as challenger, or when it is
     * archived already. Runs under the model-row lock that alias and route changes take too, so neither
     * can move onto the version meanwhile.
     */
    @WithTransaction
    public Uni<VersionView> archive(String modelName, int version, ArchiveRequest request, String actor) {
        return models.require(modelName).flatMap(modelRows::lock).flatMap(model -> require(model, version)
                .flatMap(v -> aliases.listAliases(model.id).flatMap(aliasList -> {
                    if (v.archivedAt != null) {
                        throw ApiException.conflict("Version " + version + " of model '" + modelName
                                + "' is already archived (since " + v.archivedAt + ")", null);
                    }
                    List<String> pointing = aliasList.stream().filter(a -> a.version == version).map(a -> a.alias).toList();
                    if (!pointing.isEmpty()) {
                        throw ApiException.conflict("Version " + version + " of model '" + modelName
                                + "' cannot be archived while alias " + String.join(", ", pointing.stream()
                                .map(a -> "'" + a + "'").toList()) + " points at it; move the alias first",
                                Map.of("aliases", pointing));
                    }
                    return routes.findById(model.id).map(route -> {
                        if (route != null && route.challenger != null && route.challenger == version) {
                            throw ApiException.conflict("Version " + version + " of model '" + modelName
                                    + "' cannot be archived while it is the challenger of the model's route;"
                                    + " promote or abort the route first", null);
                        }
                        return v;
                    });
                }))
                .flatMap(v -> {
                    v.archivedAt = Instant.now();
                    String reason = request == null || request.reason() == null ? "" : request.reason();
                    return outbox.record(LifecycleEventType.ARCHIVED, modelName, version, null, v.artifactSha256,
                                    actor, json.write(Map.of("reason", reason)))
                            .flatMap(row -> artifacts.sizeOf(v.artifactSha256))
                            .flatMap(size -> resiliency.scores(List.of(v), Instant.now())
                                    .map(scores -> view(modelName, v, size, List.of(), scores.get(v.id))));
                }));
    }

    @WithSession
    public Uni<VersionView> get(String modelName, int version) {
        return models.require(modelName).flatMap(model -> require(model, version)
                .flatMap(v -> aliases.listAliases(model.id).flatMap(aliasList -> artifacts.sizeOf(v.artifactSha256)
                        .flatMap(size -> resiliency.scores(List.of(v), Instant.now()).map(scores -> view(modelName, v, size,
                                aliasList.stream().filter(al -> al.version == version).map(al -> al.alias).toList(),
                                scores.get(v.id)))))));
    }

    @WithSession
    public Uni<ArtifactContent> artifact(String modelName, int version) {
        return models.require(modelName).flatMap(model -> require(model, version))
                .flatMap(v -> artifacts.findById(v.artifactSha256))
                .map(a -> new ArtifactContent(a.sha256, a.content));
    }

    /** The version row or a 404 that names it. */
    public Uni<ModelVersion> require(Model model, int version) {
        return versions.findVersion(model.id, version).map(v -> {
            if (v == null) {
                throw ApiException.notFound("Model '" + model.name + "' has no version " + version);
            }
            return v;
        });
    }

    VersionView view(String modelName, ModelVersion v, long size, List<String> aliasNames, ResiliencyView score) {
        return new VersionView(modelName, v.version, v.format, v.artifactSha256, size,
                json.read(v.signature, Signature.class),
                json.read(v.metrics, new TypeReference<Map<String, Double>>() { }),
                json.read(v.sliceMetrics, new TypeReference<Map<String, Map<String, Double>>>() { }),
                json.read(v.params, new TypeReference<Map<String, Object>>() { }),
                json.tree(v.dataCard), json.tree(v.baselineProfile),
                json.read(v.featureRefs, new TypeReference<List<String>>() { }),
                json.tree(v.provenance), v.description, v.createdBy, v.createdAt, aliasNames,
                v.archivedAt != null, v.archivedAt,
                json.read(v.featureRelevance, new TypeReference<Map<String, Double>>() { }),
                json.tree(v.trainingSet), score);
    }

    private Uni<Artifact> storeArtifact(String sha256, byte[] content) {
        return artifacts.findById(sha256).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            Artifact a = new Artifact();
            a.sha256 = sha256;
            a.content = content;
            a.sizeBytes = content.length;
            a.createdAt = Instant.now();
            return artifacts.persist(a);
        });
    }

    private Checked parseAndValidate(String metadataJson, byte[] content) {
        if (metadataJson == null || metadataJson.isBlank()) {
            throw ApiException.badRequest("Multipart part 'metadata' (JSON) is required");
        }
        if (content == null || content.length == 0) {
            throw ApiException.badRequest("Multipart part 'artifact' is required and must not be empty");
        }
        VersionMetadata m;
        try {
            m = json.mapper().readValue(metadataJson, VersionMetadata.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Part 'metadata' is not valid version metadata: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        if (m.format() == null || !FORMATS.contains(m.format())) {
            problems.add("format must be one of " + FORMATS + ", got " + m.format());
        }
        if (m.signature() == null || m.signature().inputs() == null || m.signature().inputs().isEmpty()) {
            problems.add("signature.inputs must list at least one input");
        } else {
            checkTensors("signature.inputs", m.signature().inputs(), problems);
            if (m.signature().outputs() != null) {
                checkTensors("signature.outputs", m.signature().outputs(), problems);
            }
        }
        if (m.metrics() != null) {
            m.metrics().forEach((k, v) -> {
                if (v == null || !Double.isFinite(v)) {
                    problems.add("metrics." + k + " must be a finite number");
                }
            });
        }
        if (m.baselineProfile() != null && !m.baselineProfile().isNull()) {
            checkProfile(m.baselineProfile(), problems);
        }
        if (m.featureRefs() != null) {
            m.featureRefs().stream().filter(r -> r == null || !r.matches("[^:\\s]+:[^:\\s]+"))
                    .forEach(r -> problems.add("featureRefs entry '" + r + "' must look like view:feature"));
        }
        if (m.featureRelevance() != null) {
            Set<String> inputs = m.signature() == null || m.signature().inputs() == null ? Set.of()
                    : m.signature().inputs().stream().filter(t -> t != null && t.name() != null).map(TensorSpec::name)
                            .collect(Collectors.toSet());
            m.featureRelevance().forEach((feature, r) -> {
                if (r == null || !(r >= 0 && r <= 1)) {
                    problems.add("featureRelevance." + feature + ": must be a number in [0, 1], was " + r);
                }
                if (!inputs.contains(feature)) {
                    problems.add("featureRelevance." + feature + ": is not an input of the signature");
                }
            });
        }
        DataCard card = DataCardCheck.card(m.dataCard(), json.mapper(), problems);
        TrainingSetSnapshot trainingSet = DataCardCheck.trainingSet(m.trainingSet(), json.mapper(), problems);
        return new Checked(m, card, trainingSet, problems);
    }

    private void checkProfile(JsonNode profile, List<String> problems) {
        try {
            DatasetProfile parsed = json.mapper().treeToValue(profile, DatasetProfile.class);
            if (parsed.features().isEmpty()) {
                problems.add("baselineProfile has no features");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            problems.add("baselineProfile is not a valid profile: " + msg);
        }
    }

    private static void checkTensors(String where, List<TensorSpec> tensors, List<String> problems) {
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            if (t == null || t.name() == null || t.name().isBlank()) {
                problems.add(where + "[" + i + "].name is required");
            } else if (t.datatype() == null || OipDatatype.parse(t.datatype()).isEmpty()) {
                problems.add(where + "[" + i + "] (" + t.name() + ") datatype must be one of the Open Inference "
                        + "Protocol types " + java.util.List.of(OipDatatype.values()));
            }
        }
    }
}
