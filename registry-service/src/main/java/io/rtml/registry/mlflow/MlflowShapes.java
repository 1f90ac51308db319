package io.rtml.registry.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** MLflow's JSON shapes, as its REST API and clients spell them (snake_case). */
public final class MlflowShapes {

    private MlflowShapes() {
    }

    public record Tag(String key, String value) {
    }

    public record AliasEntry(String alias, String version) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String userId,
                                  String description, List<ModelVersion> latestVersions, List<Tag> tags,
                                  List<AliasEntry> aliases) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelVersion(String name, String version, long creationTimestamp, long lastUpdatedTimestamp,
                               String userId, String currentStage, String description, String source, String runId,
                               String status, List<Tag> tags, String runLink, List<String> aliases) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateRegisteredModel(String name, String description, List<Tag> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateModelVersion(String name, String source, String runId, List<Tag> tags, String runLink,
                                     String description) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SetAlias(String name, String alias, String version) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SetTag(String name, String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TransitionStage(String name, String version, String stage, Boolean archiveExistingVersions) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GetLatestVersions(String name, List<String> stages) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RegisteredModelResponse(RegisteredModel registeredModel) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelVersionResponse(ModelVersion modelVersion) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelVersionsResponse(List<ModelVersion> modelVersions) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RegisteredModelsResponse(List<RegisteredModel> registeredModels) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DownloadUri(String artifactUri) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Error(String errorCode, String message) {
    }
}
