package io.rtml.chart;

import static io.rtml.chart.support.Chart.CI_VALUES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rtml.chart.support.Chart;
import io.rtml.chart.support.Rendered;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GpuSchedulingTest {

    private static final String GPU = "nvidia.com/gpu";
    private static final String PRODUCT = "nvidia.com/gpu.product";

    /** GPU limits, the GPU toleration and GPU node affinity appear on a Pod exactly when the GPU is on for it. */
    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldScheduleOnGpuNodesExactlyWhenGpuIsEnabled(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        boolean gpuOn = List.of("gpu-values.yaml", "all-optional-values.yaml").contains(valuesFile);
        for (Deployment deployment : rendered.ofKind("Deployment", Deployment.class)) {
            boolean inference = "inference".equals(deployment.getMetadata().getLabels().get("app.kubernetes.io/component"));
            boolean expected = gpuOn && inference;
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Map<String, Quantity> limits = pod.getContainers().get(0).getResources().getLimits();
            String name = deployment.getMetadata().getName();
            assertEquals(expected, limits.containsKey(GPU), name + " GPU limit");
            assertEquals(expected, hasGpuToleration(pod), name + " GPU toleration");
            assertEquals(expected, gpuTerms(pod).size() > 0, name + " GPU node affinity");
            assertEquals(expected, container(pod).getImage().endsWith("-gpu"), name + " GPU image variant");
        }
    }

    /** A GPU Pod that left RTML_INFERENCE_DEVICE at cpu would run its ONNX models on the CPU. */
    @ParameterizedTest
    @MethodSource(CI_VALUES)
    void shouldRunOnnxOnCudaExactlyWhenGpuIsEnabled(String valuesFile) {
        Rendered rendered = Chart.render(valuesFile);
        boolean gpuOn = List.of("gpu-values.yaml", "all-optional-values.yaml").contains(valuesFile);
        String device = rendered.get("ConfigMap", "rtml-inference").path("data").path("RTML_INFERENCE_DEVICE").asText();
        assertEquals(gpuOn ? "cuda" : "cpu", device, valuesFile);
        Deployment blue = rendered.get("Deployment", "rtml-inference-blue", Deployment.class);
        assertEquals("rtml-inference", blue.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().get(0)
                .getConfigMapRef().getName(), "the Pod reads the ConfigMap that sets the device");
    }

    @Test
    void shouldRequestTheConfiguredGpuCountAndKeepMemoryLimit() {
        PodSpec pod = inferencePod(Chart.render("gpu-values.yaml", "inference.gpu.count=2"));
        assertEquals(new Quantity("2"), container(pod).getResources().getLimits().get(GPU));
        assertEquals(new Quantity("4Gi"), container(pod).getResources().getLimits().get("memory"));
    }

    @Test
    void shouldRequireOneOfTheGpuProductsInEveryRequiredNodeSelectorTerm() {
        PodSpec pod = inferencePod(Chart.render("gpu-values.yaml"));
        List<NodeSelectorTerm> terms = pod.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertEquals(1, terms.size());
        List<NodeSelectorRequirement> expressions = terms.get(0).getMatchExpressions();
        assertEquals("kubernetes.io/arch", expressions.get(0).getKey(), "the user's own term is kept");
        NodeSelectorRequirement gpu = expressions.get(1);
        assertEquals(PRODUCT, gpu.getKey());
        assertEquals("In", gpu.getOperator());
        assertEquals(List.of("NVIDIA-A10G", "Tesla-T4"), gpu.getValues());
    }

    @Test
    void shouldAcceptAnyGpuProductWhenNoneIsListed() {
        NodeSelectorRequirement gpu = gpuTerms(inferencePod(Chart.render("all-optional-values.yaml"))).get(0);
        assertEquals("Exists", gpu.getOperator());
    }

    @Test
    void shouldKeepFreeFormSchedulingNextToTheGpuSettings() {
        PodSpec pod = inferencePod(Chart.render("gpu-values.yaml"));
        assertEquals(Map.of("node-pool", "gpu"), pod.getNodeSelector());
        assertEquals("nvidia", pod.getRuntimeClassName());
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "dedicated".equals(t.getKey())));
        Toleration gpu = pod.getTolerations().stream().filter(t -> GPU.equals(t.getKey())).findFirst().orElseThrow();
        assertEquals("NoSchedule", gpu.getEffect());
        assertEquals("Exists", gpu.getOperator());
    }

    @Test
    void shouldLeaveInferenceWithoutGpuSchedulingByDefault() {
        PodSpec pod = inferencePod(Chart.renderDefaults());
        assertNull(pod.getAffinity());
        assertTrue(pod.getTolerations().isEmpty());
        assertFalse(container(pod).getResources().getLimits().containsKey(GPU));
    }

    static PodSpec inferencePod(Rendered rendered) {
        return rendered.get("Deployment", "rtml-inference-blue", Deployment.class).getSpec().getTemplate().getSpec();
    }

    static io.fabric8.kubernetes.api.model.Container container(PodSpec pod) {
        return pod.getContainers().get(0);
    }

    static boolean hasGpuToleration(PodSpec pod) {
        return pod.getTolerations().stream().anyMatch(t -> GPU.equals(t.getKey()) && "NoSchedule".equals(t.getEffect()));
    }

    static List<NodeSelectorRequirement> gpuTerms(PodSpec pod) {
        if (pod.getAffinity() == null || pod.getAffinity().getNodeAffinity() == null
                || pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return List.of();
        }
        return pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().stream().flatMap(t -> t.getMatchExpressions().stream())
                .filter(e -> PRODUCT.equals(e.getKey())).toList();
    }
}
