package io.rtml.examples.sendtime;

import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.contracts.profile.FeatureType;
import io.rtml.contracts.profile.ReliabilityTable;
import io.rtml.sdk.Examples;
import io.rtml.sdk.FeatureSpec;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Trains the send-time classifier with Tribuo: splits recipients into train and held-out test rows,
 * picks the better of CART and logistic regression on a validation slice of the training rows, retrains
 * it on all of them, and evaluates on the test rows against the majority-class baseline, overall and per
 * device.
 */
public final class SendTimeTrainer {

    /** The name of the baseline feature that holds the model's own predictions (prediction drift). */
    public static final String PREDICTION_FEATURE = "__prediction__";

    /** Slices reported next to overall accuracy. */
    public static final List<String> SLICES = List.of("device=mobile", "device=desktop");

    private final long seed;
    private final double testShare;

    public SendTimeTrainer(long seed, double testShare) {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("testShare must be between 0 and 1, was " + testShare);
        }
        this.seed = seed;
        this.testShare = testShare;
    }

    /** Accuracy on held-out rows, the majority-class baseline on the same rows, and accuracy per slice. */
    public record Evaluation(double accuracy, double majorityBaseline, String majorityClass,
                             Map<String, Double> sliceAccuracy, int testRows) {
    }

    /** The chosen model, which trainer made it, its evaluation and the rows it was trained and tested on. */
    public record Trained(Model<Label> model, String trainer, Map<String, Double> validationAccuracy,
                          Evaluation evaluation, List<Recipient> trainRows, List<Recipient> testRows) {
    }

    public Trained train(List<Recipient> recipients) {
        List<Recipient> shuffled = new ArrayList<>(recipients);
        Collections.shuffle(shuffled, new Random(seed));
        int testSize = (int) Math.round(shuffled.size() * testShare);
        List<Recipient> test = List.copyOf(shuffled.subList(0, testSize));
        List<Recipient> train = List.copyOf(shuffled.subList(testSize, shuffled.size()));
        int validationSize = (int) Math.round(train.size() * 0.2);
        List<Recipient> validation = train.subList(0, validationSize);
        List<Recipient> fit = train.subList(validationSize, train.size());

        Map<String, Supplier<Trainer<Label>>> candidates = new LinkedHashMap<>();
        candidates.put("CART(maxDepth=10)", () -> new CARTClassificationTrainer(10, 1.0f, seed));
        candidates.put("LogisticRegression", LogisticRegressionTrainer::new);
        Map<String, Double> validationAccuracy = new LinkedHashMap<>();
        String best = null;
        for (var candidate : candidates.entrySet()) {
            Model<Label> model = candidate.getValue().get().train(dataset("send-time fit rows", fit));
            double accuracy = accuracy(model, validation, r -> true);
            validationAccuracy.put(candidate.getKey(), accuracy);
            if (best == null || accuracy > validationAccuracy.get(best)) {
                best = candidate.getKey();
            }
        }
        Model<Label> model = candidates.get(best).get().train(dataset("send-time training rows", train));
        return new Trained(model, best, validationAccuracy, evaluate(model, test), train, test);
    }

    /** Accuracy, majority baseline and per-slice accuracy of {@code model} on {@code rows}. */
    public static Evaluation evaluate(Model<Label> model, List<Recipient> rows) {
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r.window(), 1, Integer::sum));
        String majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(EngagementGenerator.WINDOWS.get(0));
        double baseline = rows.isEmpty() ? 0 : (double) counts.getOrDefault(majority, 0) / rows.size();
        Map<String, Double> slices = new LinkedHashMap<>();
        for (String slice : SLICES) {
            String value = slice.substring(slice.indexOf('=') + 1);
            slices.put(slice, accuracy(model, rows, r -> r.device().equals(value)));
        }
        return new Evaluation(accuracy(model, rows, r -> true), baseline, majority, slices, rows.size());
    }

    /**
     * The training data's profile — numeric features binned, {@code device} and {@code industry} counted —
     * plus {@value #PREDICTION_FEATURE}, the model's predictions on the same rows.
     */
    public static DatasetProfile baselineProfile(Model<Label> model, List<Recipient> trainRows) {
        Map<String, FeatureType> schema = new LinkedHashMap<>(FeatureSpec.profileSchema(EngagementGenerator.FEATURES));
        schema.put(PREDICTION_FEATURE, FeatureType.CATEGORICAL);
        List<Map<String, Object>> rows = new ArrayList<>(trainRows.size());
        for (Recipient r : trainRows) {
            Map<String, Object> row = r.features();
            row.put(PREDICTION_FEATURE, predict(model, r));
            rows.add(row);
        }
        return DatasetProfile.fromRows(rows, schema);
    }

    /**
     * How often the model is right at each confidence, on held-out rows: what the monitor needs to estimate
     * live accuracy from scores before labels arrive (CBPE), and to check first that the scores are calibrated.
     */
    public static ReliabilityTable reliability(Model<Label> model, List<Recipient> heldOut) {
        ReliabilityTable table = ReliabilityTable.withBins(ReliabilityTable.DEFAULT_BINS);
        for (Recipient r : heldOut) {
            Prediction<Label> p = model.predict(Examples.fromRow(r.features(), null));
            String predicted = p.getOutput().getLabel();
            Map<String, Double> scores = new HashMap<>();
            p.getOutputScores().forEach((label, score) -> scores.put(label, score.getScore()));
            double confidence = ReliabilityTable.confidenceOf(scores, predicted);
            if (!Double.isNaN(confidence)) {
                table.add(confidence, predicted.equals(r.window()));
            }
        }
        return table;
    }

    public static String predict(Model<Label> model, Recipient recipient) {
        return model.predict(Examples.fromRow(recipient.features(), null)).getOutput().getLabel();
    }

    static MutableDataset<Label> dataset(String description, List<Recipient> rows) {
        return Examples.dataset(description, rows.stream().map(Recipient::features).toList(),
                rows.stream().map(Recipient::window).toList());
    }

    private static double accuracy(Model<Label> model, List<Recipient> rows, Function<Recipient, Boolean> in) {
        int n = 0;
        int correct = 0;
        for (Recipient r : rows) {
            if (in.apply(r)) {
                n++;
                correct += predict(model, r).equals(r.window()) ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }
}
