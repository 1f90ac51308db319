package io.rtml.examples.sendtime;

import io.rtml.contracts.security.Roles;
import io.rtml.devstack.LocalPlatform.Service;
import io.rtml.devstack.LocalPlatform;
import io.rtml.devstack.Tokens;
import io.rtml.sdk.ServiceHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole lifecycle against the four services running as separate processes (as {@code ./rtml up}
 * runs them), over a real broker and real databases: train, register, gate, serve by entity key,
 * shift the population, see drift on exactly the shifted feature, send labels, read live accuracy, and measure the
 * open-within-window uplift of the model over its 10 % holdout from simulated opens.
 */
class SendTimeScenarioIT {

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        // The scenario calls the services as a data scientist and operator would: one admin token for all.
        System.setProperty(ServiceHttp.TOKEN_PROPERTY, Tokens.of(Roles.ADMIN));
        platform = LocalPlatform.start(List.of(Service.REGISTRY, Service.FEATURE_STORE, Service.INFERENCE,
                Service.MONITOR), "_e2e", Map.of(
                // The chart's dashboards read the resiliency gauge: publish it soon after the champion is set.
                "RTML_REGISTRY_RESILIENCY_INTERVAL", "5s"));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shouldServeTheChampionAndFlagDriftOnlyOnTheShiftedFeature() throws Exception {
        ScenarioConfig config = ScenarioConfig.defaults(
                URI.create(platform.url(Service.REGISTRY)), URI.create(platform.url(Service.FEATURE_STORE)),
                URI.create(platform.url(Service.INFERENCE)), URI.create(platform.url(Service.MONITOR)));

        ScenarioReport report = SendTimeScenario.run(config, System.out);
        System.out.println(report.render());

        assertThat(report.accuracy()).as("model beats the majority baseline")
                .isGreaterThan(report.majorityBaseline() + 0.15);
        assertThat(report.baselinePredictions()).as("phase-1 predictions served by entity key").isGreaterThanOrEqualTo(10_000);
        assertThat(report.shiftedPredictions()).isGreaterThanOrEqualTo(5_000);
        assertThat(report.p50Ms()).isPositive();
        assertThat(report.p99Ms()).isGreaterThanOrEqualTo(report.p50Ms());
        assertThat(report.driftedFeaturesBeforeShift()).as("no drift while traffic matches training").isEmpty();
        assertThat(report.driftedFeaturesAfterShift()).as("drift on exactly the shifted feature")
                .containsExactly("tz_offset");
        assertThat(report.labelsJoined()).as("labels reached the monitor and joined their predictions")
                .isGreaterThan(report.labelsSent() / 2);
        assertThat(report.liveAccuracy()).as("live accuracy from labels").isNotNull()
                .isGreaterThan(report.majorityBaseline());
        assertThat(report.businessValue().holdoutN()).as("the 10 %% holdout's outcomes joined").isGreaterThan(1_000);
        assertThat(report.businessValue().ciLow()).as("the model beats its holdout: the uplift's 95 %% CI is above zero")
                .isNotNull().isPositive();

        // A bulk job over recipients with features in the store: exact counts (the demo runs a million).
        BulkScoringRun.Result job = BulkScoringRun.run(config.featureStoreUrl(), config.inferenceUrl(),
                SendTimeScenario.MODEL, null, 20_000, 43, System.out);
        System.out.print(job.render());
        assertThat(job.state()).isEqualTo("succeeded");
        assertThat(job.total()).isEqualTo(20_000);
        assertThat(job.done()).as("every recipient has features: all scored").isEqualTo(20_000);
        assertThat(job.failed()).isZero();
        assertThat(job.keysPerSecond()).isPositive();

        assertEveryChartMetricIsExposed();
        MlopsPageCheck.run(URI.create(platform.url(Service.REGISTRY)), URI.create(platform.url(Service.MONITOR)),
                Tokens.of(Roles.ADMIN));
    }

    /**
     * The Helm chart's dashboards and alerts may only use the metric names listed in
     * helm/rtml/tests/exposed-metrics.txt (its own checks enforce that); here every one of those
     * names must really appear on some service's /q/metrics after real traffic.
     */
    private static void assertEveryChartMetricIsExposed() {
        HttpClient http = HttpClient.newHttpClient();
        String scraped = List.of(Service.REGISTRY, Service.FEATURE_STORE, Service.INFERENCE, Service.MONITOR).stream()
                .map(s -> {
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(platform.url(s) + "/q/metrics")).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                    } catch (Exception e) {
                        throw new AssertionError("could not scrape " + s + ": " + e.getMessage(), e);
                    }
                })
                .collect(Collectors.joining("\n"));
        List<String> names;
        try {
            names = Files.readAllLines(Path.of("..", "helm", "rtml", "tests", "exposed-metrics.txt")).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new AssertionError("helm/rtml/tests/exposed-metrics.txt is missing", e);
        }
        List<String> missing = names.stream()
                .filter(n -> !scraped.contains("\n" + n + "{") && !scraped.contains("\n" + n + " "))
                .toList();
        assertThat(missing).as("metrics the chart's dashboards and alerts use but no service exposes").isEmpty();
    }
}
