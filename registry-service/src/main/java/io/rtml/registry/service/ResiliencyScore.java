package io.rtml.registry.service;

import io.rtml.registry.entity.FeatureViewFreshness;
import io.rtml.registry.rest.ResiliencyView;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data resiliency score of one version at one moment (README, "The data resiliency score"): the
 * geometric mean of the factors that apply, each in [0, 1] and falling as time passes:
 * <ul>
 *   <li>data age {@code A = 2^(-age / dataHalfLife)}, age = now - the card's newest record (else the
 *       registration);</li>
 *   <li>feature freshness {@code F = sum(r_i * 2^(-viewAge_i / featureHalfLife)) / sum(r_i)} over the
 *       features the version reads online, r_i the feature's registered relevance (1 when none), viewAge the
 *       time since its view's newest event (a view with no rows: factor 0);</li>
 *   <li>relevance {@code R = max r_i}, the strongest feature-target relation measured at training.</li>
 * </ul>
 * Pure: the caller loads the version's facts and the views' last known freshness.
 */
public final class ResiliencyScore {

    private ResiliencyScore() {
    }

    /** The score's settings. */
    public record Settings(Duration dataHalfLife, Duration featureHalfLife, double staleBelow, Duration freshnessMaxAge) {
    }

    /** One feature the version reads online: its view and its relevance (null: none registered). */
    public record OnlineFeature(String view, String feature, Double relevance) {
    }

    /**
     * @param newestRecord the card's newest training record, or null
     * @param registeredAt when the version was registered
     * @param relevance    every registered feature relevance (null or empty: none)
     * @param online       the features read from the feature store
     * @param freshness    view name to its last known freshness (absent: never asked)
     */
    public static ResiliencyView compute(Instant newestRecord, Instant registeredAt, Map<String, Double> relevance,
                                         List<OnlineFeature> online, Map<String, FeatureViewFreshness> freshness,
                                         Instant now, Settings settings) {
        Instant from = newestRecord != null ? newestRecord : registeredAt;
        double ageDays = Math.max(0, Duration.between(from, now).toMillis() / 86_400_000.0);
        double a = halve(ageDays * 86_400.0, settings.dataHalfLife());
        Double r = relevance == null || relevance.isEmpty() ? null
                : relevance.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);

        Map<String, Double> viewAges = new LinkedHashMap<>();
        String unknown = null;
        for (String view : online.stream().map(OnlineFeature::view).distinct().toList()) {
            FeatureViewFreshness f = freshness.get(view);
            String why = unknownBecause(view, f, now, settings.freshnessMaxAge());
            if (why != null) {
                unknown = unknown == null ? why : unknown + "; " + why;
                viewAges.put(view, null);
            } else {
                viewAges.put(view, f.latestEventTime == null ? null
                        : Math.max(0, Duration.between(f.latestEventTime, now).toMillis() / 1000.0));
            }
        }
        String dataAgeFrom = newestRecord != null ? "dataCard" : "registration";
        if (unknown != null) {
            return new ResiliencyView(null, ResiliencyStatus.UNKNOWN.wireName(), ageDays, dataAgeFrom, a, null, r,
                    viewAges, now, unknown);
        }
        Double featureFreshness = online.isEmpty() ? null : weightedFreshness(online, viewAges, settings.featureHalfLife());
        double product = a;
        int factors = 1;
        if (featureFreshness != null) {
            product *= featureFreshness;
            factors++;
        }
        if (r != null) {
            product *= r;
            factors++;
        }
        double score = Math.pow(product, 1.0 / factors);
        ResiliencyStatus status = score < settings.staleBelow() ? ResiliencyStatus.STALE : ResiliencyStatus.OK;
        return new ResiliencyView(score, status.wireName(), ageDays, dataAgeFrom, a, featureFreshness, r, viewAges, now,
                null);
    }

    private static double weightedFreshness(Collection<OnlineFeature> online, Map<String, Double> viewAges,
                                            Duration halfLife) {
        double weights = online.stream().mapToDouble(ResiliencyScore::weight).sum();
        boolean equal = weights == 0;
        double sum = 0;
        for (OnlineFeature f : online) {
            Double age = viewAges.get(f.view());
            double fresh = age == null ? 0 : halve(age, halfLife);
            sum += (equal ? 1 : weight(f)) * fresh;
        }
        return sum / (equal ? online.size() : weights);
    }

    private static double weight(OnlineFeature f) {
        return f.relevance() == null ? 1.0 : f.relevance();
    }

    private static String unknownBecause(String view, FeatureViewFreshness f, Instant now, Duration maxAge) {
        if (f == null || f.checkedAt == null) {
            return "the freshness of view '" + view + "' was never read from the feature store"
                    + (f != null && f.failure != null ? " (" + f.failure + ")" : "");
        }
        if (f.failedAt != null && f.failedAt.isAfter(f.checkedAt)) {
            return "the feature store did not answer for view '" + view + "' at " + f.failedAt
                    + (f.failure == null ? "" : " (" + f.failure + ")") + "; last answer " + f.checkedAt;
        }
        if (Duration.between(f.checkedAt, now).compareTo(maxAge) > 0) {
            return "the freshness of view '" + view + "' was last read at " + f.checkedAt + ", more than " + maxAge + " ago";
        }
        return null;
    }

    /** 2^(-seconds / halfLife). */
    private static double halve(double seconds, Duration halfLife) {
        return Math.pow(2, -seconds / (halfLife.toMillis() / 1000.0));
    }
}
