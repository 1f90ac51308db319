package io.rtml.contracts.event;

import java.time.Instant;

/**
 * What happened after one prediction, on {@code rtml.outcomes}: the business outcome a model's KPI is computed
 * from, joined to the prediction by {@code requestId}. A field left null was not observed.
 *
 * @param opened     the recipient opened the message
 * @param clicked    the recipient clicked in it
 * @param revenue    revenue attributed to it, in the tenant's currency
 * @param occurredAt when the outcome happened
 */
public record OutcomeEvent(String requestId, String model, Boolean opened, Boolean clicked, Double revenue,
                           Instant occurredAt) {
}
