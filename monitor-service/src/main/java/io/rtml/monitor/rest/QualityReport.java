package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** Data quality of live inputs: completeness per feature, and for numeric ones the share outside the baseline range. */
public record QualityReport(String model, int version, Instant from, Instant to, long rows, List<FeatureQuality> features) {

    /**
     * @param completeness    share of rows where the feature is present
     * @param outOfRangeShare share of present values outside the baseline's [min, max]; null for categorical
     * @param unknownShare    share of present values not among the baseline's categories; null for numeric
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FeatureQuality(String feature, String type, long present, long missing, double completeness,
                                 Double outOfRangeShare, Double unknownShare) {
    }
}
