package io.rtml.sdk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeatureRelevanceTest {

    /**
     * The oracle: I(X;Y) = sum over (x, y) of p(x,y) log(p(x,y) / (p(x) p(y))) from the joint table, divided by
     * H(Y) = -sum p(y) log p(y); a different road from the SDK's H(Y) - H(Y|X).
     */
    private static double theilsU(List<String> x, List<String> y) {
        Map<String, Map<String, Integer>> joint = new HashMap<>();
        Map<String, Integer> px = new HashMap<>();
        Map<String, Integer> py = new HashMap<>();
        for (int i = 0; i < x.size(); i++) {
            joint.computeIfAbsent(x.get(i), k -> new HashMap<>()).merge(y.get(i), 1, Integer::sum);
            px.merge(x.get(i), 1, Integer::sum);
            py.merge(y.get(i), 1, Integer::sum);
        }
        double n = x.size();
        double mi = 0;
        for (var xe : joint.entrySet()) {
            for (var ye : xe.getValue().entrySet()) {
                double pxy = ye.getValue() / n;
                mi += pxy * Math.log(pxy / ((px.get(xe.getKey()) / n) * (py.get(ye.getKey()) / n)));
            }
        }
        double hy = 0;
        for (int c : py.values()) {
            hy -= (c / n) * Math.log(c / n);
        }
        return mi / hy;
    }

    @Test
    void shouldMatchTheUncertaintyCoefficientOfTheJointTable() {
        Random random = new Random(7);
        List<Map<String, ?>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> device = new ArrayList<>();
        List<String> vip = new ArrayList<>();
        String[] devices = {"mobile", "desktop", "tablet"};
        for (int i = 0; i < 2_000; i++) {
            int di = random.nextInt(3);
            String d = devices[di];
            boolean v = random.nextBoolean();
            // The label follows the device 70 % of the time and ignores vip.
            String label = random.nextDouble() < 0.7 ? "w" + di : "w" + random.nextInt(3);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("device", d);
            row.put("vip", v);
            rows.add(row);
            labels.add(label);
            device.add(d);
            vip.add(Boolean.toString(v));
        }
        Map<String, ValueType> schema = new LinkedHashMap<>();
        schema.put("device", ValueType.STRING);
        schema.put("vip", ValueType.BOOL);

        Map<String, Double> relevance = FeatureRelevance.measure(rows, schema, labels);

        assertThat(relevance.get("device")).isCloseTo(theilsU(device, labels), within(1e-12));
        assertThat(relevance.get("vip")).isCloseTo(theilsU(vip, labels), within(1e-12));
        assertThat(relevance.get("device")).isGreaterThan(0.3);
        assertThat(relevance.get("vip")).isLessThan(0.01);
    }

    @Test
    void shouldGiveOneToAFeatureThatDecidesTheLabelAndBinNumbersByQuantile() {
        List<Map<String, ?>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rows.add(Map.of("hour", (double) (i % 24), "noise", 1.0));
            labels.add(i % 24 < 12 ? "morning" : "evening");
        }
        Map<String, ValueType> schema = new LinkedHashMap<>();
        schema.put("hour", ValueType.FP64);
        schema.put("noise", ValueType.FP64);

        Map<String, Double> relevance = FeatureRelevance.measure(rows, schema, labels);

        assertThat(relevance.get("hour")).isCloseTo(1.0, within(1e-9));
        assertThat(relevance.get("noise")).isCloseTo(0.0, within(1e-12));
    }
}
