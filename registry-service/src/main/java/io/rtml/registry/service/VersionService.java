package io.rtml.registry.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rtml.common.rest.ApiException;
import io.rtml.contracts.ArtifactChecksum;
import io.rtml.contracts.event.LifecycleEventType;
import io.rtml.contracts.inference.OipDatatype;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.registry.entity.Artifact;
import io.rtml.registry.entity.Model;
import io.rtml.registry.entity.ModelVersion;
import io.rtml.registry.repository.ArtifactRepository;
import io.rtml.registry.repository.ModelAliasRepository;
import io.rtml.registry.repository.ModelRepository;
import io.rtml.registry.repository.ModelRouteRepository;
import io.rtml.registry.repository.ModelVersionRepository;
import io.rtml.registry.rest.ArchiveRequest;
import io.rtml.registry.rest.Signature;
import io.rtml.registry.rest.TensorSpec;
import io.rtml.registry.rest.VersionMetadata;
import io.rtml.registry.rest.VersionView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registers immutable versions with their artifact and metadata, and serves them back. */
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

    public VersionService(ModelService models, ModelRepository modelRows, ModelVersionRepository versions, ArtifactRepository artifacts,
                          ModelAliasRepository aliases, ModelRouteRepository routes, LifecycleOutbox outbox,
                          JsonColumns json) {
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

    /**
     * Validates the metadata, stores the artifact (once per distinct content) and the next version
     * number under a lock on the model row, and records {@code registered} in the same transaction.
     */
    @WithTransaction
    public Uni<VersionView> register(String modelName, String metadataJson, byte[] content, String actor) {
        VersionMetadata metadata = parseAndValidate(metadataJson, content);
        String sha256 = ArtifactChecksum.sha256(content);
        if (metadata.sha256() != null && !metadata.sha256().equalsIgnoreCase(sha256)) {
            throw ApiException.badRequest("Artifact checksum mismatch: metadata says sha256 " + metadata.sha256()
                    + " but the uploaded bytes hash to " + sha256);
        }
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
                            v.createdBy = actor;
                            v.createdAt = Instant.now();
                            return versions.persist(v);
                        })
                        .call(v -> outbox.record(LifecycleEventType.REGISTERED, modelName, v.version, null, sha256,
                                v.createdBy, null))
                        .map(v -> view(modelName, v, content.length, List.of())));
    }

    /** Every version, or only the active ones when {@code includeArchived} is false. */
    @WithSession
    public Uni<List<VersionView>> list(String modelName, boolean includeArchived) {
        return models.require(modelName).flatMap(model -> versions.listVersions(model.id)
                .flatMap(list -> aliases.listAliases(model.id).map(aliasList -> {
                    List<VersionView> out = new ArrayList<>();
                    for (ModelVersion v : list) {
                        if (!includeArchived && v.archivedAt != null) {
                            continue;
                        }
                        List<String> names = aliasList.stream().filter(a -> a.version == v.version).map(a -> a.alias).toList();
                        out.add(view(modelName, v, -1, names));
                    }
                    return out;
                })));
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
                            .map(size -> view(modelName, v, size, List.of()));
                }));
    }

    @WithSession
    public Uni<VersionView> get(String modelName, int version) {
        return models.require(modelName).flatMap(model -> require(model, version)
                .flatMap(v -> aliases.listAliases(model.id).flatMap(aliasList -> artifacts.sizeOf(v.artifactSha256)
                        .map(size -> view(modelName, v, size,
                                aliasList.stream().filter(al -> al.version == version).map(al -> al.alias).toList())))));
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

    VersionView view(String modelName, ModelVersion v, long size, List<String> aliasNames) {
        return new VersionView(modelName, v.version, v.format, v.artifactSha256, size,
                json.read(v.signature, Signature.class),
                json.read(v.metrics, new TypeReference<Map<String, Double>>() { }),
                json.read(v.sliceMetrics, new TypeReference<Map<String, Map<String, Double>>>() { }),
                json.read(v.params, new TypeReference<Map<String, Object>>() { }),
                json.tree(v.dataCard), json.tree(v.baselineProfile),
                json.read(v.featureRefs, new TypeReference<List<String>>() { }),
                json.tree(v.provenance), v.description, v.createdBy, v.createdAt, aliasNames,
                v.archivedAt != null, v.archivedAt);
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

    private VersionMetadata parseAndValidate(String metadataJson, byte[] content) {
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
        if (!problems.isEmpty()) {
            throw new ApiException(400, "Version metadata is invalid: " + String.join("; ", problems), problems);
        }
        return m;
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
