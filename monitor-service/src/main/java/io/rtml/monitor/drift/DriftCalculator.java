package io.rtml.monitor.drift;

import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Compares a live profile (folded into an {@code emptyCopy()} of the baseline, so bins and categories
 * match) with the baseline, feature by feature, and decides drift from the tests' p-values: numeric
 * features with the exact binned two-sample KS test ({@link BinnedKsExact}), categorical ones with
 * chi-squared ({@link ChiSquared}, Monte-Carlo when expected counts are small); the features of one
 * window are one family, corrected with {@link Holm} at the policy's alpha. PSI and Jensen–Shannon
 * distance are reported as effect sizes. Missing values are left out of the comparison; the quality
 * report covers them.
 */
public final class DriftCalculator {

    /** Baseline feature holding the training-time distribution of the model's output, by convention. */
    public static final String PREDICTION_FEATURE = "__prediction__";

    /** Every baseline feature except {@link #PREDICTION_FEATURE}, in baseline order, as one Holm family. */
    public List<FeatureDrift> features(DatasetProfile baseline, DatasetProfile live, DriftPolicy policy) {
        List<String> names = new ArrayList<>();
        List<FeatureProfile> baselines = new ArrayList<>();
        List<FeatureProfile> lives = new ArrayList<>();
        for (Map.Entry<String, FeatureProfile> e : baseline.features().entrySet()) {
            if (!e.getKey().equals(PREDICTION_FEATURE)) {
                names.add(e.getKey());
                baselines.add(e.getValue());
                lives.add(live.feature(e.getKey()));
            }
        }
        return family(names, baselines, lives, policy);
    }

    /** Drift of one feature tested alone (a family of one); {@code live} may be {@code null} (nothing seen). */
    public FeatureDrift feature(String name, FeatureProfile baseline, FeatureProfile live, DriftPolicy policy) {
        return family(List.of(name), List.of(baseline), Collections.singletonList(live), policy).get(0);
    }

    private List<FeatureDrift> family(List<String> names, List<FeatureProfile> baselines, List<FeatureProfile> lives,
                                      DriftPolicy policy) {
        int f = names.size();
        TestResult[] tests = new TestResult[f];
        double[] p = new double[f];
        long[][] expected = new long[f][];
        long[][] actual = new long[f][];
        // Holm's smallest level is alpha / F: Monte-Carlo p-values are sized for it.
        double smallestLevel = policy.alpha() / Math.max(1, f);
        for (int i = 0; i < f; i++) {
            expected[i] = counts(baselines.get(i));
            actual[i] = lives.get(i) == null ? new long[expected[i].length] : counts(lives.get(i));
            tests[i] = baselines.get(i) instanceof NumericProfile
                    ? BinnedKsExact.test(expected[i], actual[i])
                    : ChiSquared.test(expected[i], actual[i], smallestLevel);
            p[i] = tests[i].pValue();
        }
        Holm.Decision[] decisions = Holm.decide(p, policy.alpha());
        List<FeatureDrift> out = new ArrayList<>(f);
        for (int i = 0; i < f; i++) {
            double psi = Psi.of(expected[i], actual[i]);
            boolean significant = decisions[i].rejected();
            boolean drifted = significant && !Double.isNaN(psi) && psi >= policy.minEffectSize();
            out.add(new FeatureDrift(names.get(i), baselines.get(i) instanceof NumericProfile ? "numeric" : "categorical",
                    finite(psi), finite(JensenShannon.distance(expected[i], actual[i])),
                    baselines.get(i) instanceof NumericProfile n ? finite(Wasserstein.normalised(n, expected[i], actual[i])) : null,
                    tests[i].test(),
                    finite(tests[i].statistic()), finite(p[i]), tests[i].method(), finite(decisions[i].level()),
                    Psi.sum(actual[i]), significant, drifted));
        }
        return out;
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
