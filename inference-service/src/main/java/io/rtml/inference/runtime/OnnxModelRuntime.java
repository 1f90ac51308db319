package io.rtml.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.rtml.contracts.encoding.FeatureEncoding;
import org.jboss.logging.Logger;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX classifiers with one dense float input {@code [batch, features]} and a score output
 * {@code [batch, labels]}. The column order of the input and the label order of the output come with
 * the version ({@code params.onnx.inputOrder} and {@code params.onnx.labels}), because an ONNX graph
 * does not name them. With {@code device = cuda} the CUDA execution provider is tried first and the
 * runtime falls back to CPU, saying so, when the node has no usable GPU.
 */
public final class OnnxModelRuntime implements ModelRuntime {

    private static final Logger LOG = Logger.getLogger(OnnxModelRuntime.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final Map<String, Integer> column;
    private final List<String> labels;
    private final String device;
    private final long residentBytes;

    private OnnxModelRuntime(OrtEnvironment env, OrtSession session, List<String> inputOrder, List<String> labels,
                             String device, long artifactBytes) {
        this.env = env;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.column = new HashMap<>();
        for (int i = 0; i < inputOrder.size(); i++) {
            column.put(inputOrder.get(i), i);
        }
        this.labels = List.copyOf(labels);
        this.device = device;
        // The weights live in ONNX Runtime's native memory, out of the Java heap's sight: the session holds the
        // model's initializers, which are the artifact's bulk, so the artifact size stands for them. The
        // session's own Java objects and the shared OrtEnvironment are left out; what this class adds is walked.
        this.residentBytes = artifactBytes + ObjectGraphSize.shallow(OnnxModelRuntime.class)
                + ObjectGraphSize.of(column) + ObjectGraphSize.of(this.labels) + ObjectGraphSize.of(inputName);
    }

    @Override
    public long residentBytes() {
        return residentBytes;
    }

    public static OnnxModelRuntime load(byte[] artifact, List<String> inputOrder, List<String> labels,
                                        boolean preferCuda) {
        if (inputOrder == null || inputOrder.isEmpty() || labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("an ONNX version needs params.onnx.inputOrder and params.onnx.labels");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String device = "cpu";
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (preferCuda) {
                try {
                    options.addCUDA(0);
                    device = "cuda";
                } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
                    LOG.warnf("CUDA execution provider unavailable (%s); this model runs on CPU", e.getMessage());
                }
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(artifact, options);
            if (session.getNumInputs() != 1) {
                session.close();
                throw new IllegalArgumentException("ONNX model must have exactly one input, has " + session.getNumInputs());
            }
            return new OnnxModelRuntime(env, session, inputOrder, labels, device, artifact.length);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
    }

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<Scored> predict(List<Map<String, Object>> rows) {
        int width = column.size();
        FloatBuffer input = FloatBuffer.allocate(rows.size() * width);
        for (int r = 0; r < rows.size(); r++) {
            for (FeatureEncoding.Encoded f : FeatureEncoding.encode(rows.get(r))) {
                Integer c = column.get(f.name());
                if (c != null) {
                    input.put(r * width + c, (float) f.value());
                }
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[]{rows.size(), width});
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxValue first = result.get(0);
            float[][] scores = (float[][]) first.getValue();
            List<Scored> out = new ArrayList<>(rows.size());
            for (float[] row : scores) {
                Map<String, Double> byLabel = new LinkedHashMap<>();
                int best = 0;
                for (int i = 0; i < labels.size() && i < row.length; i++) {
                    byLabel.put(labels.get(i), (double) row[i]);
                    if (row[i] > row[best]) {
                        best = i;
                    }
                }
                out.add(new Scored(labels.get(best), byLabel));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debugf("closing ONNX session: %s", e.getMessage());
        }
    }
}
