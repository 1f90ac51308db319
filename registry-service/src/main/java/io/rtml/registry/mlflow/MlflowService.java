package io.rtml.registry.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtml.common.rest.ApiException;
import io.rtml.registry.mlflow.MlflowShapes.AliasEntry;
import io.rtml.registry.mlflow.MlflowShapes.ModelVersion;
import io.rtml.registry.mlflow.MlflowShapes.RegisteredModel;
import io.rtml.registry.mlflow.MlflowShapes.Tag;
import io.rtml.registry.rest.ArchiveRequest;
import io.rtml.registry.rest.CreateModelRequest;
import io.rtml.registry.rest.ModelView;
import io.rtml.registry.rest.SetAliasRequest;
import io.rtml.registry.rest.VersionView;
import io.rtml.registry.service.AliasService;
import io.rtml.registry.service.JsonColumns;
import io.rtml.registry.service.ModelService;
import io.rtml.registry.service.VersionFilter;
import io.rtml.registry.service.VersionService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's Model Registry calls on rtml's models, versions and aliases. A registered model is an rtml
 * model (its tags kept as {@code key=value} model tags); a model version is an immutable rtml version,
 * whose artifact the registry fetches from {@code source} and whose rtml metadata (format, signature,
 * metrics, ...) comes from the version tag {@code rtml.metadata} or the tags {@code rtml.format} and
 * {@code rtml.signature}; MLflow aliases are rtml aliases (so {@code champion} runs the validation gate);
 * stages map to aliases: Production = champion, Staging = challenger, Archived = an archived version.
 */
@ApplicationScoped
public class MlflowService {

    public static final String PRODUCTION = "Production";
    public static final String STAGING = "Staging";
    public static final String ARCHIVED = "Archived";
    public static final String NONE = "None";
    static final String METADATA_TAG = "rtml.metadata";
    static final String FORMAT_TAG = "rtml.format";
    static final String SIGNATURE_TAG = "rtml.signature";
    private static final Map<String, String> STAGE_ALIASES = Map.of(PRODUCTION, AliasService.CHAMPION, STAGING, "challenger");
    private static final Pattern FILTER = Pattern.compile("\\s*name\\s*(=|like|ilike)\\s*'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);

    private final ModelService models;
    private final VersionService versions;
    private final AliasService aliases;
    private final SourceFetcher sources;
    private final JsonColumns json;
    private final Validator validator;

    public MlflowService(ModelService models, VersionService versions, AliasService aliases, SourceFetcher sources,
                         JsonColumns json, Validator validator) {
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.sources = sources;
        this.json = json;
        this.validator = validator;
    }

    public Uni<RegisteredModel> createRegisteredModel(MlflowShapes.CreateRegisteredModel request) {
        require("name", request == null ? null : request.name());
        List<String> tags = request.tags() == null ? List.of() : request.tags().stream().map(MlflowService::tagText).toList();
        CreateModelRequest create = new CreateModelRequest(request.name(), request.description(), null, null, tags, null);
        Set<ConstraintViolation<CreateModelRequest>> violations = validator.validate(create);
        if (!violations.isEmpty()) {
            List<String> problems = violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().toList();
            throw new ApiException(400, "Registered model is invalid: " + String.join("; ", problems), problems);
        }
        return models.create(create).flatMap(this::registeredModel);
    }

    public Uni<RegisteredModel> getRegisteredModel(String name) {
        require("name", name);
        return models.get(name).flatMap(this::registeredModel);
    }

    /** {@code filter} empty, {@code name = '...'}, {@code name LIKE '...'} or {@code name ILIKE '...'}. */
    public Uni<List<RegisteredModel>> searchRegisteredModels(String filter, int maxResults) {
        Pattern names = namePattern(filter);
        return models.list(null, null, null, null, VersionFilter.NONE)
                .map(all -> all.stream().filter(m -> names == null || names.matcher(m.name()).matches())
                        .limit(maxResults).toList())
                .flatMap(list -> Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(this::registeredModel)
                        .collect().asList());
    }

    public Uni<RegisteredModel> setRegisteredModelTag(MlflowShapes.SetTag request) {
        require("name", request == null ? null : request.name());
        require("key", request.key());
        String prefix = request.key() + "=";
        return models.updateTags(request.name(), tags -> {
            tags.removeIf(t -> t.equals(request.key()) || t.startsWith(prefix));
            tags.add(tagText(new Tag(request.key(), request.value())));
            return tags;
        }).flatMap(this::registeredModel);
    }

    /**
     * Fetches the artifact from {@code source} and registers it as the model's next version, with the
     * rtml metadata its tags carry; the MLflow source, run and tags are kept in the version's provenance.
     */
    public Uni<ModelVersion> createModelVersion(MlflowShapes.CreateModelVersion request, String actor) {
        require("name", request == null ? null : request.name());
        require("source", request.source());
        ObjectNode metadata = metadata(request);
        return models.get(request.name())
                .flatMap(model -> sources.fetch(request.source()))
                .flatMap(bytes -> versions.register(request.name(), json.write(metadata), bytes, actor))
                .map(this::modelVersion);
    }

    public Uni<ModelVersion> getModelVersion(String name, String version) {
        require("name", name);
        return versions.get(name, versionNumber(version)).map(this::modelVersion);
    }

    /** {@code filter} {@code name = '...'} (or LIKE / ILIKE): every version of the matching models, newest first. */
    public Uni<List<ModelVersion>> searchModelVersions(String filter, int maxResults) {
        Pattern names = namePattern(filter);
        return models.list(null, null, null, null, VersionFilter.NONE)
                .map(all -> all.stream().filter(m -> names == null || names.matcher(m.name()).matches()).toList())
                .flatMap(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(m -> versions.list(m.name(), true))
                        .collect().asList())
                .map(lists -> lists.stream().flatMap(List::stream)
                        .sorted(Comparator.comparing(VersionView::createdAt).reversed())
                        .limit(maxResults).map(this::modelVersion).toList());
    }

    public Uni<ModelVersion> versionByAlias(String name, String alias) {
        require("name", name);
        require("alias", alias);
        return models.get(name).flatMap(model -> {
            Integer version = model.aliases().get(alias);
            if (version == null) {
                throw ApiException.notFound("Registered model '" + name + "' has no alias '" + alias + "'");
            }
            return versions.get(name, version);
        }).map(this::modelVersion);
    }

    public Uni<Void> setAlias(MlflowShapes.SetAlias request, String actor) {
        require("name", request == null ? null : request.name());
        require("alias", request.alias());
        return aliases.setAlias(request.name(), request.alias(),
                new SetAliasRequest(versionNumber(request.version()), null), actor).replaceWithVoid();
    }

    /** The newest version in each stage asked for (every stage when none is given). */
    public Uni<List<ModelVersion>> latestVersions(String name, List<String> stages) {
        require("name", name);
        return versions.list(name, true).map(all -> {
            List<ModelVersion> mapped = all.stream().map(this::modelVersion).toList();
            List<String> wanted = stages == null || stages.isEmpty() ? List.of(NONE, STAGING, PRODUCTION, ARCHIVED)
                    : stages.stream().map(MlflowService::stage).toList();
            List<ModelVersion> out = new ArrayList<>();
            for (String stage : wanted) {
                mapped.stream().filter(v -> v.currentStage().equals(stage))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.version()))).ifPresent(out::add);
            }
            return out;
        });
    }

    /**
     * Production sets champion (through the gate), Staging sets challenger, Archived archives the version;
     * None is refused: rtml aliases are moved, never cleared.
     */
    public Uni<ModelVersion> transitionStage(MlflowShapes.TransitionStage request, String actor) {
        require("name", request == null ? null : request.name());
        String stage = stage(request.stage());
        int version = versionNumber(request.version());
        Uni<?> change;
        if (ARCHIVED.equals(stage)) {
            change = versions.archive(request.name(), version, new ArchiveRequest("MLflow stage Archived"), actor);
        } else if (STAGE_ALIASES.containsKey(stage)) {
            change = aliases.setAlias(request.name(), STAGE_ALIASES.get(stage), new SetAliasRequest(version, null), actor);
        } else {
            throw ApiException.badRequest("stage None cannot be set: in rtml a version leaves Production or Staging"
                    + " when another version takes the alias");
        }
        return change.flatMap(ignored -> versions.get(request.name(), version)).map(this::modelVersion);
    }

    public Uni<String> downloadUri(String name, String version, String baseUri) {
        require("name", name);
        int number = versionNumber(version);
        return versions.get(name, number).map(v -> baseUri + "api/v1/models/" + name + "/versions/" + number + "/artifact");
    }

    private Uni<RegisteredModel> registeredModel(ModelView model) {
        Uni<List<ModelVersion>> latest = model.latestVersion() == 0 ? Uni.createFrom().item(List.of())
                : versions.get(model.name(), model.latestVersion()).map(v -> List.of(modelVersion(v)));
        return latest.map(list -> new RegisteredModel(model.name(), millis(model.createdAt()), millis(model.createdAt()),
                model.owner(), model.description(), list,
                model.tags() == null ? List.of() : model.tags().stream().map(MlflowService::tagOf).toList(),
                model.aliases().entrySet().stream().map(e -> new AliasEntry(e.getKey(), e.getValue().toString())).toList()));
    }

    ModelVersion modelVersion(VersionView v) {
        JsonNode mlflow = v.provenance() == null ? null : v.provenance().get("mlflow");
        List<Tag> tags = new ArrayList<>();
        if (mlflow != null && mlflow.get("tags") != null) {
            mlflow.get("tags").fields().forEachRemaining(e -> tags.add(new Tag(e.getKey(), e.getValue().asText())));
        }
        String stage = v.archived() ? ARCHIVED : v.aliases().contains(AliasService.CHAMPION) ? PRODUCTION
                : v.aliases().contains("challenger") ? STAGING : NONE;
        return new ModelVersion(v.model(), Integer.toString(v.version()), millis(v.createdAt()),
                millis(v.archived() ? v.archivedAt() : v.createdAt()), v.createdBy(), stage, v.description(),
                text(mlflow, "source"), text(mlflow, "runId"), "READY", tags, text(mlflow, "runLink"), v.aliases());
    }

    /** The rtml version metadata the request's tags carry, with the MLflow facts kept in its provenance. */
    private ObjectNode metadata(MlflowShapes.CreateModelVersion request) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        if (request.tags() != null) {
            request.tags().stream().filter(t -> t != null && t.key() != null).forEach(t -> tags.put(t.key(), t.value()));
        }
        ObjectNode metadata = tags.containsKey(METADATA_TAG) ? object(METADATA_TAG, tags.get(METADATA_TAG))
                : json.mapper().createObjectNode();
        if (tags.containsKey(FORMAT_TAG)) {
            metadata.put("format", tags.get(FORMAT_TAG));
        } else if (!metadata.has("format")) {
            metadata.put("format", request.source().toLowerCase(Locale.ROOT).endsWith(".onnx") ? "onnx" : "tribuo");
        }
        if (tags.containsKey(SIGNATURE_TAG)) {
            metadata.set("signature", object(SIGNATURE_TAG, tags.get(SIGNATURE_TAG)));
        }
        if (request.description() != null) {
            metadata.put("description", request.description());
        }
        ObjectNode provenance = metadata.get("provenance") instanceof ObjectNode p ? p : metadata.putObject("provenance");
        ObjectNode mlflow = provenance.putObject("mlflow");
        mlflow.put("source", request.source());
        mlflow.put("runId", request.runId());
        mlflow.put("runLink", request.runLink());
        ObjectNode kept = mlflow.putObject("tags");
        tags.forEach((k, val) -> {
            if (!METADATA_TAG.equals(k)) {
                kept.put(k, val);
            }
        });
        return metadata;
    }

    private ObjectNode object(String tag, String value) {
        try {
            JsonNode node = json.mapper().readTree(value == null ? "" : value);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Tag " + tag + " is not valid JSON: " + e.getOriginalMessage());
        }
        throw ApiException.badRequest("Tag " + tag + " must hold a JSON object");
    }

    /** MLflow stage names, matched case-insensitively as MLflow does. */
    static String stage(String given) {
        for (String s : List.of(NONE, STAGING, PRODUCTION, ARCHIVED)) {
            if (s.equalsIgnoreCase(given)) {
                return s;
            }
        }
        throw ApiException.badRequest("stage must be one of None, Staging, Production, Archived, not '" + given + "'");
    }

    private static Pattern namePattern(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Matcher m = FILTER.matcher(filter);
        if (!m.matches()) {
            throw ApiException.badRequest("filter supports only name = '...', name LIKE '...' and name ILIKE '...', not: " + filter);
        }
        String value = m.group(2);
        if ("=".equals(m.group(1))) {
            return Pattern.compile(Pattern.quote(value));
        }
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), "ilike".equalsIgnoreCase(m.group(1)) ? Pattern.CASE_INSENSITIVE : 0);
    }

    private static int versionNumber(String version) {
        if (version == null || !version.matches("[1-9][0-9]{0,8}")) {
            throw ApiException.badRequest("version must be a positive version number, not '" + version + "'");
        }
        return Integer.parseInt(version);
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Missing value for required parameter '" + field + "'");
        }
    }

    private static String tagText(Tag t) {
        if (t == null || t.key() == null || t.key().isBlank()) {
            throw ApiException.badRequest("Invalid value for parameter 'tags': every tag is an object with a non-empty 'key'");
        }
        return t.value() == null || t.value().isEmpty() ? t.key() : t.key() + "=" + t.value();
    }

    private static Tag tagOf(String text) {
        int eq = text.indexOf('=');
        return eq < 0 ? new Tag(text, "") : new Tag(text.substring(0, eq), text.substring(eq + 1));
    }

    private static String text(JsonNode node, String field) {
        return node == null || node.get(field) == null || node.get(field).isNull() ? null : node.get(field).asText();
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }
}
