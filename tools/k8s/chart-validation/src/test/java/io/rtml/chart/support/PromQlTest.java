package io.rtml.chart.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void shouldFindMetricNamesButNotFunctionsLabelsOrVariables() {
        assertEquals(Set.of("rtml_inference_latency_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, model) (rate(rtml_inference_latency_seconds_bucket"
                        + "{namespace=\"$namespace\", model=~\"a|b\"}[$__rate_interval])))"));
    }

    @Test
    void shouldFindBothSidesOfABinaryOperation() {
        assertEquals(Set.of("rtml_labels_joined_total", "rtml_predictions_observed_total", "up"), PromQl.metricNames(
                "sum(rate(rtml_labels_joined_total[1h])) / on (model) group_left sum without (pod) "
                        + "(rate(rtml_predictions_observed_total[1h])) > bool 0.5 and up"));
    }

    @Test
    void shouldFindBareSelectorsAndTrailingGrouping() {
        assertEquals(Set.of("up", "rtml_model_loaded"), PromQl.metricNames("up == 0 or max(rtml_model_loaded) by (pod) == 0"));
    }
}
