package io.rtml.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.PromQl;
import io.rtml.chart.support.Rendered;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Rendered ALL = Chart.render("all-optional-values.yaml");

    @Test
    void shouldRenderNoMonitoringObjectsByDefault() {
        Rendered defaults = Chart.renderDefaults();
        for (String kind : List.of("ServiceMonitor", "PrometheusRule", "NetworkPolicy", "ScaledObject", "HTTPRoute")) {
            assertTrue(defaults.ofKind(kind).isEmpty(), kind);
        }
        assertTrue(defaults.ofKind("ConfigMap").stream().noneMatch(c -> c.path("metadata").path("labels").has("grafana_dashboard")));
    }

    @Test
    void shouldScrapeEveryComponentWithLabelsKubePrometheusStackSelects() {
        List<JsonNode> monitors = ALL.ofKind("ServiceMonitor");
        assertEquals(4, monitors.size());
        for (JsonNode monitor : monitors) {
            assertEquals("kube-prometheus-stack", monitor.path("metadata").path("labels").path("release").asText());
            JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
            assertEquals("/q/metrics", endpoint.path("path").asText());
            assertEquals("http", endpoint.path("port").asText());
        }
        JsonNode inference = ALL.get("ServiceMonitor", "rtml-inference");
        assertEquals("slot", inference.path("spec").path("podTargetLabels").get(0).asText(),
                "dashboards split inference by slot");
        assertFalse(inference.path("spec").path("selector").path("matchLabels").has("slot"),
                "both the active and the preview slot are scraped");
    }

    @Test
    void shouldAlertOnErrorsLatencyLoadingDriftFreshnessAndConsumerLag() {
        Set<String> alerts = new TreeSet<>();
        rules().forEach(r -> alerts.add(r.path("alert").asText()));
        assertEquals(new TreeSet<>(List.of("RtmlInferenceErrorRateHigh", "RtmlInferenceLatencyHigh", "RtmlModelNotLoaded",
                "RtmlPredictionsSpilling", "RtmlFeatureDriftHigh", "RtmlPredictionDriftHigh", "RtmlLiveAccuracyLow",
                "RtmlFeatureStale", "RtmlKafkaConsumerLagHigh", "RtmlServiceDown")), alerts);
        for (JsonNode rule : rules()) {
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()));
            assertEquals("ml-platform", rule.path("labels").path("team").asText());
            assertTrue(rule.path("annotations").path("runbook_url").asText().contains("operations.md#"));
            assertTrue(rule.path("expr").asText().contains("namespace=\"rtml\""), "alerts stay inside the release namespace");
        }
    }

    @Test
    void shouldAlertOnlyOnMetricsTheServicesExpose() {
        Set<String> unknown = new TreeSet<>();
        for (JsonNode rule : rules()) {
            unknown.addAll(unknownMetrics(rule.path("expr").asText()));
        }
        assertEquals(Set.of(), unknown);
    }

    @Test
    void shouldShipValidGrafanaDashboardsForTheGrafanaSidecar() throws Exception {
        List<JsonNode> configMaps = ALL.ofKind("ConfigMap").stream()
                .filter(c -> "1".equals(c.path("metadata").path("labels").path("grafana_dashboard").asText())).toList();
        assertEquals(4, configMaps.size());
        Set<String> uids = new HashSet<>();
        for (JsonNode configMap : configMaps) {
            assertEquals("rtml", configMap.path("metadata").path("annotations").path("grafana_folder").asText());
            JsonNode dashboard = JSON.readTree(configMap.path("data").elements().next().asText());
            assertTrue(uids.add(dashboard.path("uid").asText()));
            assertFalse(dashboard.path("title").asText().isEmpty());
            assertTrue(dashboard.path("schemaVersion").asInt() >= 36);
            assertTrue(dashboard.path("templating").path("list").findValuesAsText("name").contains("namespace"));
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
                assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"));
                if (!"row".equals(panel.path("type").asText())) {
                    assertTrue(panel.path("targets").size() > 0, panel.path("title").asText());
                }
            }
        }
    }

    @Test
    void shouldChartOnlyMetricsTheServicesExposeOrDcgmProvides() {
        Set<String> unknown = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (String expr : dashboardExpressions()) {
            unknown.addAll(unknownMetrics(expr));
            used.addAll(PromQl.metricNames(expr));
        }
        assertEquals(Set.of(), unknown);
        assertTrue(used.containsAll(List.of("rtml_inference_requests_total", "rtml_inference_latency_seconds_bucket",
                "DCGM_FI_DEV_GPU_UTIL", "rtml_feature_drift_psi", "rtml_prediction_class_share", "rtml_live_accuracy",
                "rtml_feature_freshness_seconds", "jvm_memory_used_bytes")), used.toString());
    }

    @Test
    void shouldListEachExposedMetricOnce() {
        List<String> lines = new ArrayList<>(PromQl.listed("exposed-metrics.txt"));
        assertEquals(new TreeSet<>(lines).size(), lines.size(), "a metric listed twice in exposed-metrics.txt");
        lines.forEach(name -> assertTrue(name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), name));
    }

    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        ALL.get("PrometheusRule", "rtml-monitoring").path("spec").path("groups")
                .forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }

    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode configMap : ALL.ofKind("ConfigMap")) {
            if (configMap.path("metadata").path("labels").has("grafana_dashboard")) {
                try {
                    JsonNode dashboard = JSON.readTree(configMap.path("data").elements().next().asText());
                    expressions.addAll(dashboard.findValuesAsText("expr"));
                    dashboard.path("templating").path("list").forEach(v -> {
                        if (v.path("query").has("query")) {
                            expressions.add(v.path("query").path("query").asText()
                                    .replaceAll("^label_values\\((.*), *\\w+\\)$", "$1"));
                        }
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        return expressions;
    }

    static Set<String> unknownMetrics(String expr) {
        Set<String> unknown = new TreeSet<>(PromQl.metricNames(expr));
        unknown.removeAll(PromQl.allowed());
        return unknown;
    }
}
