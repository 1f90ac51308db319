package io.rtml.inference.serving;

import java.util.List;
import java.util.Map;

/**
 * One instance's row after enrichment: stored values overlaid with the raw features sent.
 *
 * @param values  input name to value; inputs without a usable value are absent
 * @param missing model inputs with no value at all: never written for this key, or not sent
 * @param stale   model inputs whose stored value is older than its view's TTL (left out of {@code values})
 * @param unknownEntity the instance named an entity key the feature store holds nothing for
 */
public record EnrichedRow(Map<String, Object> values, List<String> missing, List<String> stale,
                          boolean unknownEntity) {

    /** Nothing at all to score: the model would see an empty row. */
    public boolean empty() {
        return values.isEmpty();
    }
}
