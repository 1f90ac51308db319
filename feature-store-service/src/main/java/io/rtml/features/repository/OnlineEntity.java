package io.rtml.features.repository;

import java.util.Map;

/** The online row of one entity in one view: its cells by feature name (only features ever written). */
public record OnlineEntity(String entityKey, Map<String, OnlineCell> cells) {

    /** The cell of a feature, or null when the feature was never written for this entity. */
    public OnlineCell cell(String feature) {
        return cells.get(feature);
    }
}
