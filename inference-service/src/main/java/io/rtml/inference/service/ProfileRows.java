package io.rtml.inference.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;
import io.rtml.inference.client.RegistryVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Rows that look like a version's training data, drawn from its baseline profile: a numeric input by inverting
 * its histogram at a uniform draw, a categorical one by its category frequencies. An input the profile does not
 * describe gets 0 (numbers) or an empty text, so a version without a baseline is still asked something.
 * Seeded by the version, so the same candidate is always asked the same rows.
 */
final class ProfileRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileRows() {
    }

    static List<Map<String, Object>> draw(RegistryVersion meta, int count) {
        DatasetProfile profile = parse(meta.baselineProfile());
        Random random = new Random(31L * meta.model().hashCode() + meta.version());
        List<RegistryVersion.Tensor> inputs = meta.signature() == null || meta.signature().inputs() == null
                ? List.of() : meta.signature().inputs();
        List<Map<String, Object>> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (RegistryVersion.Tensor input : inputs) {
                FeatureProfile feature = profile == null ? null : profile.feature(input.name());
                row.put(input.name(), value(feature, input.datatype(), random));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Whether the rows came from a profile (else placeholders). */
    static boolean hasProfile(RegistryVersion meta) {
        return parse(meta.baselineProfile()) != null;
    }

    private static Object value(FeatureProfile feature, String datatype, Random random) {
        if (feature instanceof NumericProfile numeric && numeric.count() > 0) {
            double v = numeric.quantile(random.nextDouble());
            return datatype != null && datatype.startsWith("INT") ? (Object) Math.round(v) : (Object) v;
        }
        if (feature instanceof CategoricalProfile categorical && !categorical.categories().isEmpty()) {
            long total = categorical.categories().values().stream().mapToLong(Long::longValue).sum();
            long pick = (long) (random.nextDouble() * total);
            for (Map.Entry<String, Long> c : categorical.categories().entrySet()) {
                pick -= c.getValue();
                if (pick < 0) {
                    return c.getKey();
                }
            }
            return categorical.categories().keySet().iterator().next();
        }
        return "BYTES".equals(datatype) ? "" : (Object) 0.0;
    }

    private static DatasetProfile parse(JsonNode baseline) {
        if (baseline == null || baseline.isNull() || baseline.isMissingNode()) {
            return null;
        }
        try {
            return JSON.treeToValue(baseline, DatasetProfile.class);
        } catch (Exception e) {
            return null;
        }
    }
}
