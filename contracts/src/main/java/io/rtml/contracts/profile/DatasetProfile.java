package io.rtml.contracts.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles of every feature of a data set (or of a window of live traffic). Built from training data
 * with {@link #fromRows}, folded with {@link #add}, combined with {@link #merge}. A classifier's
 * baseline may also carry the {@link ReliabilityTable} of its validation predictions (absent in older
 * profiles and in live windows), from which the monitor estimates accuracy before labels arrive.
 */
public final class DatasetProfile {

    /** Defaults: ten equal-frequency bins, fifty known categories. */
    public static final int DEFAULT_BINS = 10;
    public static final int DEFAULT_MAX_CATEGORIES = 50;

    private final LinkedHashMap<String, FeatureProfile> features;
    private long rows;
    private ReliabilityTable reliability;

    @JsonCreator
    public DatasetProfile(@JsonProperty("rows") long rows,
                          @JsonProperty("features") Map<String, FeatureProfile> features,
                          @JsonProperty("reliability") ReliabilityTable reliability) {
        this.rows = rows;
        this.features = new LinkedHashMap<>(features == null ? Map.of() : features);
        this.reliability = reliability == null ? null : reliability.copy();
    }

    public DatasetProfile(long rows, Map<String, FeatureProfile> features) {
        this(rows, features, null);
    }

    /** This profile with the reliability table of the model's validation predictions attached (a copy of it). */
    public DatasetProfile withReliability(ReliabilityTable table) {
        this.reliability = table == null ? null : table.copy();
        return this;
    }

    /** A baseline from training rows: edges and categories from the rows, then the rows folded in. */
    public static DatasetProfile fromRows(List<? extends Map<String, ?>> rows, Map<String, FeatureType> schema,
                                          int bins, int maxCategories) {
        Map<String, FeatureProfile> profiles = new LinkedHashMap<>();
        schema.forEach((name, type) -> {
            List<Object> column = new ArrayList<>(rows.size());
            rows.forEach(r -> column.add(r.get(name)));
            profiles.put(name, switch (type) {
                case NUMERIC -> NumericProfile.withEdgesFrom(numbers(column), bins);
                case CATEGORICAL -> CategoricalProfile.withCategoriesFrom(column, maxCategories);
            });
        });
        DatasetProfile profile = new DatasetProfile(0, profiles);
        rows.forEach(profile::add);
        return profile;
    }

    public static DatasetProfile fromRows(List<? extends Map<String, ?>> rows, Map<String, FeatureType> schema) {
        return fromRows(rows, schema, DEFAULT_BINS, DEFAULT_MAX_CATEGORIES);
    }

    /** Folds one row; features absent from the row count as missing, extra keys are ignored. */
    public void add(Map<String, ?> row) {
        rows++;
        features.forEach((name, profile) -> profile.add(row.get(name)));
    }

    public void merge(DatasetProfile other) {
        rows += other.rows;
        other.features.forEach((name, profile) -> {
            FeatureProfile mine = features.get(name);
            if (mine == null) {
                throw new IllegalArgumentException("profile has no feature '" + name + "' to merge into");
            }
            mine.merge(profile);
        });
        if (other.reliability != null) {
            if (reliability == null) {
                reliability = other.reliability.copy();
            } else {
                reliability.merge(other.reliability);
            }
        }
    }

    /** Same features, bins and categories, no counts: the shape live windows are folded into. */
    public DatasetProfile emptyCopy() {
        Map<String, FeatureProfile> copies = new LinkedHashMap<>();
        features.forEach((name, profile) -> copies.put(name, profile.emptyCopy()));
        return new DatasetProfile(0, copies);
    }

    /** A profile of just the named features, in the given order, sharing nothing with this one. */
    public DatasetProfile select(List<String> names) {
        Map<String, FeatureProfile> copies = new LinkedHashMap<>();
        for (String name : names) {
            FeatureProfile p = features.get(name);
            if (p != null) {
                FeatureProfile copy = p.emptyCopy();
                copy.merge(p);
                copies.put(name, copy);
            }
        }
        return new DatasetProfile(rows, copies, reliability);
    }

    /** The validation predictions' reliability table; null when the profile has none. */
    @JsonProperty("reliability")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public ReliabilityTable reliability() {
        return reliability;
    }

    @JsonProperty("rows")
    public long rows() {
        return rows;
    }

    @JsonProperty("features")
    public Map<String, FeatureProfile> features() {
        return Collections.unmodifiableMap(features);
    }

    public FeatureProfile feature(String name) {
        return features.get(name);
    }

    private static double[] numbers(List<Object> column) {
        double[] out = new double[column.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = NumericValue.of(column.get(i));
        }
        return out;
    }
}
