package io.rtml.features.rest;

import java.util.List;

/** Body of {@code POST /api/v1/online-features}: feature references {@code view:feature} × entity keys. */
public record OnlineFeaturesRequest(List<String> features, List<String> entityKeys) {
}
