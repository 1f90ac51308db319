package io.rtml.features.rest;

import java.util.List;

/** Body of {@code POST /api/v1/feature-views/{name}/rows}. Rows are checked by the service, all or none. */
public record IngestRequest(List<FeatureRowInput> rows) {
}
