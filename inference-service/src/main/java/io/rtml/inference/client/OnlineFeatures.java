package io.rtml.inference.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/** Request and answer of the feature store's {@code POST /api/v1/online-features}. */
public final class OnlineFeatures {

    private OnlineFeatures() {
    }

    public record Request(List<String> features, List<String> entityKeys) {
    }

    public record Response(List<EntityResult> results) {
    }

    public record EntityResult(String entityKey, Map<String, Value> features) {
    }

    /** The part of a feature view's definition inference reads; {@code ttlSeconds} null means values never expire. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record View(String name, Long ttlSeconds) {
    }

    /** status is PRESENT, NOT_FOUND or OUTSIDE_TTL; value is null unless PRESENT. */
    public record Value(Object value, String status, String eventTime, Double ageSeconds) {
    }
}
