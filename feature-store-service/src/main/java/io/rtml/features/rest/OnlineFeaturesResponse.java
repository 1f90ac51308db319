package io.rtml.features.rest;

import java.util.List;

/** One result per requested entity key, in request order. */
public record OnlineFeaturesResponse(List<EntityFeatures> results) {
}
