package io.rtml.contracts.inference;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RoutePolicyTest {

    @Test
    void shouldSpreadSequentialKeysEvenlyOverTheHundredBuckets() {
        long[] counts = new long[100];
        for (int i = 0; i < 100_000; i++) {
            counts[RoutePolicy.bucketOf("send-time", "r-" + i)]++;
        }
        double[] expected = new double[100];
        java.util.Arrays.fill(expected, 1_000);
        // Independent oracle: Pearson's chi-squared goodness of fit against the uniform split.
        assertThat(new ChiSquareTest().chiSquareTest(expected, counts)).isGreaterThan(0.001);
    }

    @Test
    void shouldSendTheConfiguredShareToTheCanaryAndAlwaysTheSameKeys() {
        RoutePolicy canary = new RoutePolicy("m", 2, RoutePolicy.Mode.CANARY, 10, RoutePolicy.StickyBy.ENTITY, Instant.now(), "t");
        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean first = canary.canaryTakes("e" + i);
            assertThat(canary.canaryTakes("e" + i)).isEqualTo(first);
            taken += first ? 1 : 0;
        }
        assertThat(taken).isBetween(800, 1_200);
        assertThat(RoutePolicy.off("m").canaryTakes("e1")).isFalse();
        assertThat(new RoutePolicy("m", 2, RoutePolicy.Mode.SHADOW, 100, RoutePolicy.StickyBy.ENTITY, null, null)
                .canaryTakes("e1")).isFalse();
    }

    @Test
    void shouldPutOneRecipientInDifferentModelsCanariesIndependently() {
        int both = 0;
        for (int i = 0; i < 10_000; i++) {
            if (RoutePolicy.bucketOf("a", "r" + i) < 10 && RoutePolicy.bucketOf("b", "r" + i) < 10) {
                both++;
            }
        }
        assertThat(both).isBetween(50, 160);
    }

    @Test
    void shouldKeepTheHoldoutShareStickyAndDisjointFromTheCanary() {
        FallbackPolicy fallback = new FallbackPolicy(FallbackPolicy.Kind.CONSTANT, "morning");
        RoutePolicy route = new RoutePolicy("m", 2, RoutePolicy.Mode.CANARY, 90, RoutePolicy.StickyBy.ENTITY,
                null, null, 10, fallback);
        int held = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean in = route.holdoutTakes("e" + i);
            assertThat(route.holdoutTakes("e" + i)).isEqualTo(in);
            // With 90 + 10 every key is in exactly one of the two shares.
            assertThat(in).isNotEqualTo(route.canaryTakes("e" + i));
            held += in ? 1 : 0;
        }
        assertThat(held).isBetween(800, 1_200);
        assertThat(new RoutePolicy("m", null, RoutePolicy.Mode.OFF, 0, RoutePolicy.StickyBy.ENTITY, null, null, 10, null)
                .holdoutTakes("e1")).as("no fallback declared: no holdout").isFalse();
    }
}
