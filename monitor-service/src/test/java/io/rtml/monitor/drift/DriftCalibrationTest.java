package io.rtml.monitor.drift;

import io.rtml.contracts.profile.CategoricalProfile;
import io.rtml.contracts.profile.FeatureProfile;
import io.rtml.contracts.profile.NumericProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calibration of the drift verdict: windows of no-drift data drawn from the baseline's distribution
 * must raise false alarms at the configured per-window alpha (within ±50 %) at every window size and
 * for every kind of feature, and a 0.3σ mean shift must be caught at 1,000 rows in at least 90 % of
 * windows. The oracle is the simulation itself: the true distribution is known, so the observed
 * false-alarm rate is simply counted. Baselines are training samples of the same distribution, a fresh
 * one every {@value #WINDOWS_PER_BASELINE} windows: the tests are two-sample, so their level holds on
 * average over the baseline that was drawn (for one fixed baseline the rate of large windows depends on
 * how far that sample happens to lie from the truth; see the README). Prints the table the README
 * quotes; seeded, no timing.
 */
class DriftCalibrationTest {

    static final double ALPHA = 0.05;
    static final int[] SIZES = {50, 200, 1_000, 10_000};
    static final int NULL_WINDOWS = 2_000;
    static final int SHIFTED_WINDOWS = 500;
    static final int BASELINE_ROWS = 20_000;
    /** A fresh baseline every this many windows: the test is two-sample, its level holds over baselines. */
    static final int WINDOWS_PER_BASELINE = 10;
    static final double[] SHARES = {0.45, 0.25, 0.15, 0.10, 0.05};
    static final double POISSON_MEAN = 3;

    /** A feature kind: draws a value (shifted by {@code shift} standard deviations of the feature). */
    enum Kind {
        NORMAL, LOG_NORMAL, POISSON, CATEGORICAL;

        Object draw(SplittableRandom r, double shift) {
            return switch (this) {
                case NORMAL -> r.nextGaussian() + shift;
                // exp(N(0, 1)): sd = sqrt((e − 1) e).
                case LOG_NORMAL -> Math.exp(r.nextGaussian()) + shift * Math.sqrt((Math.E - 1) * Math.E);
                case POISSON -> (double) poisson(r, POISSON_MEAN + shift * Math.sqrt(POISSON_MEAN));
                case CATEGORICAL -> category(r);
            };
        }

        boolean numeric() {
            return this != CATEGORICAL;
        }
    }

    static int poisson(SplittableRandom r, double mean) {
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= r.nextDouble();
            k++;
        }
        return k;
    }

    static String category(SplittableRandom r) {
        double u = r.nextDouble();
        for (int i = 0; i < SHARES.length - 1; i++) {
            u -= SHARES[i];
            if (u < 0) {
                return "c" + i;
            }
        }
        return "c" + (SHARES.length - 1);
    }

    static FeatureProfile baseline(Kind kind, SplittableRandom r) {
        List<Object> values = new ArrayList<>(BASELINE_ROWS);
        for (int i = 0; i < BASELINE_ROWS; i++) {
            values.add(kind.draw(r, 0));
        }
        FeatureProfile p;
        if (kind.numeric()) {
            p = NumericProfile.withEdgesFrom(values.stream().mapToDouble(v -> (Double) v).toArray(), 10);
        } else {
            p = CategoricalProfile.withCategoriesFrom(values, 50);
        }
        values.forEach(p::add);
        return p;
    }

    static FeatureProfile window(FeatureProfile baseline, Kind kind, int n, double shift, SplittableRandom r) {
        FeatureProfile live = baseline.emptyCopy();
        for (int i = 0; i < n; i++) {
            live.add(kind.draw(r, shift));
        }
        return live;
    }

    @Test
    void shouldRaiseFalseAlarmsAtTheConfiguredRateAtEveryWindowSizeAndCatchASmallShift() {
        DriftCalculator calculator = new DriftCalculator();
        DriftPolicy policy = DriftPolicy.of(ALPHA);
        SplittableRandom random = new SplittableRandom(20261202L);
        Kind[] kinds = Kind.values();
        FeatureProfile[] baselines = new FeatureProfile[kinds.length];

        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nDrift calibration: per-window alpha %.2f, %d no-drift windows per cell, %d shifted (0.3 sd) windows,"
                        + " baselines of %d rows, a fresh one every %d windows%n%-12s %7s %11s %-12s %9s %12s %11s %8s%n", ALPHA, NULL_WINDOWS,
                SHIFTED_WINDOWS, BASELINE_ROWS, WINDOWS_PER_BASELINE, "feature", "rows", "false alarm", "p-value", "old PSI", "old bin. KS",
                "power 0.3sd", "bins"));
        List<String> failures = new ArrayList<>();
        for (int n : SIZES) {
            int[] alarms = new int[kinds.length];
            int[] psiAlarms = new int[kinds.length];
            int[] oldKsAlarms = new int[kinds.length];
            String[] methods = new String[kinds.length];
            int familyAlarms = 0;
            for (int w = 0; w < NULL_WINDOWS; w++) {
                if (w % WINDOWS_PER_BASELINE == 0) {
                    for (int k = 0; k < kinds.length; k++) {
                        baselines[k] = baseline(kinds[k], random);
                    }
                }
                double[] p = new double[kinds.length];
                for (int k = 0; k < kinds.length; k++) {
                    FeatureProfile live = window(baselines[k], kinds[k], n, 0, random);
                    FeatureDrift d = calculator.feature(kinds[k].name(), baselines[k], live, policy);
                    p[k] = d.pValue();
                    alarms[k] += d.drifted() ? 1 : 0;
                    psiAlarms[k] += d.psi() >= 0.2 ? 1 : 0;
                    long[] e = DriftCalculator.counts(baselines[k]);
                    long[] a = DriftCalculator.counts(live);
                    TestResult old = kinds[k].numeric() ? BinnedKs.test(e, a) : ChiSquared.test(e, a, 1);
                    oldKsAlarms[k] += kinds[k].numeric() && old.pValue() < ALPHA ? 1 : 0;
                    methods[k] = methods[k] == null || methods[k].equals(d.pValueMethod()) ? d.pValueMethod() : "mixed";
                }
                for (Holm.Decision decision : Holm.decide(p, ALPHA)) {
                    if (decision.rejected()) {
                        familyAlarms++;
                        break;
                    }
                }
            }
            for (int k = 0; k < kinds.length; k++) {
                double rate = (double) alarms[k] / NULL_WINDOWS;
                String power = "";
                if (kinds[k].numeric()) {
                    int caught = 0;
                    for (int w = 0; w < SHIFTED_WINDOWS; w++) {
                        if (w % WINDOWS_PER_BASELINE == 0) {
                            baselines[k] = baseline(kinds[k], random);
                        }
                        FeatureProfile live = window(baselines[k], kinds[k], n, 0.3, random);
                        caught += calculator.feature(kinds[k].name(), baselines[k], live, policy).drifted() ? 1 : 0;
                    }
                    double caughtShare = (double) caught / SHIFTED_WINDOWS;
                    power = String.format(Locale.ROOT, "%.3f", caughtShare);
                    if (n == 1_000 && caughtShare < 0.9) {
                        failures.add(kinds[k] + " at " + n + " rows caught a 0.3 sd shift in only " + power);
                    }
                }
                if (rate < ALPHA * 0.5 || rate > ALPHA * 1.5) {
                    failures.add(String.format(Locale.ROOT, "%s at %d rows: false-alarm rate %.4f outside [%.3f, %.3f]",
                            kinds[k], n, rate, ALPHA * 0.5, ALPHA * 1.5));
                }
                table.append(String.format(Locale.ROOT, "%-12s %7d %11.4f %-12s %9.4f %12s %11s %8d%n",
                        kinds[k].name().toLowerCase(Locale.ROOT), n, rate, methods[k],
                        (double) psiAlarms[k] / NULL_WINDOWS,
                        kinds[k].numeric() ? String.format(Locale.ROOT, "%.4f", (double) oldKsAlarms[k] / NULL_WINDOWS) : "-",
                        power, DriftCalculator.counts(baselines[k]).length));
            }
            double family = (double) familyAlarms / NULL_WINDOWS;
            table.append(String.format(Locale.ROOT, "%-12s %7d %11.4f %-12s%n", "all 4, Holm", n, family, ""));
            if (family < ALPHA * 0.5 || family > ALPHA * 1.5) {
                failures.add(String.format(Locale.ROOT, "all four features with Holm at %d rows: family-wise rate %.4f",
                        n, family));
            }
        }
        System.out.println(table);
        assertThat(failures).as(table.toString()).isEmpty();
    }
}
