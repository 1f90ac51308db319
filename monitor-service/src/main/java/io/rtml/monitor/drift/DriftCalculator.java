package io.rtml.monitor.drift;

import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a live profile (folded into an {@code emptyCopy()} of the baseline, so bins and categories
 * match) with the baseline, feature by feature. Missing values are left out of the comparison; the
 * quality report covers them.
 */
public final class DriftCalculator {

    /** Baseline feature holding the training-time distribution of the model's output, by convention. */
    public static final String PREDICTION_FEATURE = "__prediction__";

    private final double psiThreshold;

    public DriftCalculator(double psiThreshold) {
        this.psiThreshold = psiThreshold;
    }

    /** Every baseline feature except {@link #PREDICTION_FEATURE}, in baseline order. */
    public List<FeatureDrift> features(DatasetProfile baseline, DatasetProfile live) {
        List<FeatureDrift> out = new ArrayList<>();
        for (Map.Entry<String, FeatureProfile> e : baseline.features().entrySet()) {
            if (!e.getKey().equals(PREDICTION_FEATURE)) {
                out.add(feature(e.getKey(), e.getValue(), live.feature(e.getKey())));
            }
        }
        return out;
    }

    /** Drift of one feature; {@code live} may be {@code null} (nothing seen). */
    public FeatureDrift feature(String name, FeatureProfile baseline, FeatureProfile live) {
        long[] expected = counts(baseline);
        long[] actual = live == null ? new long[expected.length] : counts(live);
        boolean numeric = baseline instanceof NumericProfile;
        TestResult test = numeric ? BinnedKs.test(expected, actual) : ChiSquared.test(expected, actual);
        double psi = Psi.of(expected, actual);
        return new FeatureDrift(name, numeric ? "numeric" : "categorical", finite(psi), test.test(),
                finite(test.statistic()), finite(test.pValue()), Psi.sum(actual), isDrifted(psi));
    }

    public boolean isDrifted(double psi) {
        return !Double.isNaN(psi) && psi >= psiThreshold;
    }

    /** Bin counts of a numeric profile; category counts then {@code other} of a categorical one. */
    public static long[] counts(FeatureProfile profile) {
        if (profile instanceof NumericProfile n) {
            return n.counts();
        }
        CategoricalProfile c = (CategoricalProfile) profile;
        long[] out = new long[c.categories().size() + 1];
        int i = 0;
        for (long v : c.categories().values()) {
            out[i++] = v;
        }
        out[i] = c.other();
        return out;
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
