package io.rtml.monitor.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm–Bonferroni step-down correction (Holm 1979): with {@code F} p-values sorted ascending,
 * {@code p(1) ≤ … ≤ p(F)}, reject {@code p(i)} while {@code p(i) ≤ alpha / (F − i + 1)} and stop at the
 * first that is not. Keeps the family-wise error rate (any false rejection among the F tests) at or
 * below {@code alpha} under any dependence between the tests, and rejects at least what Bonferroni
 * ({@code alpha / F} for every test) rejects.
 */
public final class Holm {

    private Holm() {
    }

    /**
     * The outcome for each p-value, in input order. {@code NaN} p-values (nothing to test) are not
     * counted in F and never rejected; their level is {@code NaN}.
     */
    public record Decision(double level, boolean rejected) {
    }

    public static Decision[] decide(double[] pValues, double alpha) {
        Integer[] order = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> pValues[i])).toArray(Integer[]::new);
        Decision[] out = new Decision[pValues.length];
        Arrays.fill(out, new Decision(Double.NaN, false));
        int f = order.length;
        boolean stillRejecting = true;
        for (int rank = 0; rank < f; rank++) {
            double level = alpha / (f - rank);
            int i = order[rank];
            stillRejecting = stillRejecting && pValues[i] <= level;
            out[i] = new Decision(level, stillRejecting);
        }
        return out;
    }
}
