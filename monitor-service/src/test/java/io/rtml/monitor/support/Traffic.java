package io.rtml.monitor.support;

import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureType;
import io.rtml.contracts.profile.ReliabilityTable;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.MersenneTwister;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic send-time traffic: the training rows behind the stub registry's baseline, and live rows. */
public final class Traffic {

    public static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    public static final String[] WINDOWS = {"w0", "w1", "w2", "w3"};

    private Traffic() {
    }

    public static Map<String, FeatureType> schema() {
        Map<String, FeatureType> schema = new LinkedHashMap<>();
        schema.put("opens_30d", FeatureType.NUMERIC);
        schema.put("tz_offset", FeatureType.NUMERIC);
        schema.put("device", FeatureType.CATEGORICAL);
        schema.put("__prediction__", FeatureType.CATEGORICAL);
        return schema;
    }

    /** Rows with the model output under {@code __prediction__}; {@code shift} moves {@code tz_offset}. */
    public static List<Map<String, Object>> rows(long seed, int n, double shift) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("opens_30d", Math.max(0, Math.round(random.nextGaussian() * 4 + 12)));
            row.put("tz_offset", random.nextGaussian() * 2 + shift);
            double u = random.nextDouble();
            row.put("device", u < 0.6 ? DEVICES[0] : u < 0.9 ? DEVICES[1] : DEVICES[2]);
            row.put("__prediction__", WINDOWS[random.nextInt(WINDOWS.length)]);
            rows.add(row);
        }
        return rows;
    }

    public static DatasetProfile baseline() {
        return DatasetProfile.fromRows(rows(1, 10_000, 0), schema());
    }

    /** Shape of the Beta distribution of a calibrated classifier's confidences, in validation and live traffic. */
    public static final double CONFIDENCE_ALPHA = 5;
    public static final double CONFIDENCE_BETA = 2;

    /**
     * {@link #baseline()} with the reliability table of 5,000 validation predictions of a calibrated
     * classifier: confidence ~ Beta(5, 2), right with probability equal to it.
     */
    public static DatasetProfile baselineWithReliability() {
        MersenneTwister rng = new MersenneTwister(21);
        BetaDistribution confidence = new BetaDistribution(rng, CONFIDENCE_ALPHA, CONFIDENCE_BETA);
        ReliabilityTable table = ReliabilityTable.withBins(ReliabilityTable.DEFAULT_BINS);
        for (int i = 0; i < 5_000; i++) {
            double c = confidence.sample();
            table.add(c, rng.nextDouble() < c);
        }
        return baseline().withReliability(table);
    }
}
