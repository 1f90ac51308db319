/**
 * Business value: outcomes ({@code rtml.outcomes}) joined to the route side that answered each request, a model's
 * declared KPI on each side, and the uplift of the model over its holdout with a 95 % confidence interval.
 */
package io.rtml.monitor.value;
