package io.rtml.registry.rest;

import java.time.Instant;
import java.util.Map;

/**
 * A version's data resiliency score as of {@code computedAt} (README, "The data resiliency score").
 *
 * @param score            in [0, 1]; null when {@code status} is {@code unknown}
 * @param status           {@code ok}, {@code stale} (score below the threshold) or {@code unknown} (the
 *                         feature store's freshness of a view the version reads is not known recently enough)
 * @param dataAgeDays      age of the newest training record (of the registration, when the card gives none)
 * @param dataAgeFrom      {@code dataCard} or {@code registration}: where {@code dataAgeDays} is measured from
 * @param dataAgeFactor    2^(-dataAgeDays / data half-life)
 * @param featureFreshness relevance-weighted mean of 2^(-view age / feature half-life) over the features read
 *                         online; null when the version reads none, or it is unknown
 * @param relevance        the strongest feature-target relevance registered; null when none was
 * @param viewAgeSeconds   per view read online: seconds since its newest event (null: no rows, or unknown)
 * @param reason           why the status is unknown; null otherwise
 */
public record ResiliencyView(Double score, String status, double dataAgeDays, String dataAgeFrom, double dataAgeFactor,
                             Double featureFreshness, Double relevance, Map<String, Double> viewAgeSeconds,
                             Instant computedAt, String reason) {
}
