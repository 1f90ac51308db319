package io.rtml.monitor.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * Data quality of live inputs: per feature completeness, type mismatches, constant values, text length,
 * and for numeric ones the share outside the baseline range; over the window, the rows whose inputs
 * repeat one of the version's recent rows.
 *
 * @param duplicateRows  predictions whose inputs equal one of the version's previous
 *                       {@code quality.duplicate-lookback} rows
 * @param duplicateShare {@code duplicateRows / rows} (0 when there are no rows)
 */
public record QualityReport(String model, int version, Instant from, Instant to, long rows, long duplicateRows,
                            double duplicateShare, List<FeatureQuality> features) {

    /**
     * @param type            numeric, categorical, or text (an input the baseline does not profile that came as text)
     * @param missing         rows where the feature was absent, null, empty or NaN (type mismatches not included)
     * @param completeness    share of rows where the feature is present with a usable value
     * @param outOfRangeShare share of present values outside the baseline's [min, max]; null for categorical
     * @param unknownShare    share of present values not among the baseline's categories; null for numeric
     * @param typeMismatches  values present but of the wrong type (text that is not a number for a numeric
     *                        feature; a list or object for any)
     * @param constant        whether every present value (at least two) was the same
     * @param constantValue   that value when {@code constant}, else null
     * @param textLength      length of the feature's text values; null when none came as text
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FeatureQuality(String feature, String type, long present, long missing, double completeness,
                                 Double outOfRangeShare, Double unknownShare, long typeMismatches, boolean constant,
                                 String constantValue, TextLengthView textLength) {
    }

    /** Characters per text value: how many values, mean, shortest, longest. */
    public record TextLengthView(long values, double mean, long min, long max) {
    }
}
