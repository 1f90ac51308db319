package io.rtml.inference.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import io.rtml.common.rest.ApiException;
import io.rtml.inference.client.RegistryVersion;
import io.rtml.inference.grpc.v2.InferParameter;
import io.rtml.inference.grpc.v2.InferTensorContents;
import io.rtml.inference.grpc.v2.ModelInferRequest;
import io.rtml.inference.grpc.v2.ModelInferResponse;
import io.rtml.inference.grpc.v2.ModelMetadataResponse;
import io.rtml.inference.rest.InferRequest;
import io.rtml.inference.rest.InferResponse;
import io.rtml.inference.rest.ModelMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Open Inference Protocol gRPC messages to the REST records {@code PredictionService} takes
 * and back, so both protocols share one validation and prediction path. Input values come from the
 * typed {@code contents} field of their datatype or, for every input at once, from
 * {@code raw_input_contents} (little-endian, BYTES elements each prefixed by a 4-byte length), as the
 * spec says. Only the tensor layout is checked here; shapes, datatypes and names are checked where
 * REST requests are checked too.
 */
@ApplicationScoped
public class GrpcTensorCodec {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The REST form of a gRPC infer request. */
    public InferRequest toInferRequest(ModelInferRequest request) {
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw ApiException.badRequest("raw_input_contents has " + request.getRawInputContentsCount()
                    + " entries but the request has " + request.getInputsCount() + " inputs; give one per input");
        }
        List<InferRequest.Input> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor in = request.getInputs(i);
            if (raw && in.hasContents()) {
                throw ApiException.badRequest("input '" + in.getName() + "' sets contents while the request uses "
                        + "raw_input_contents; use one or the other for all inputs");
            }
            JsonNode data = raw ? fromRaw(in, request.getRawInputContents(i)) : fromContents(in);
            inputs.add(new InferRequest.Input(in.getName(), in.getShapeList(), in.getDatatype(),
                    parameters(in.getParametersMap()), data));
        }
        List<InferRequest.Output> outputs = request.getOutputsList().stream()
                .map(o -> new InferRequest.Output(o.getName(), parameters(o.getParametersMap())))
                .toList();
        return new InferRequest(emptyToNull(request.getId()), parameters(request.getParametersMap()), inputs, outputs);
    }

    /** The gRPC form of an infer answer: typed contents, one field per output datatype. */
    public ModelInferResponse toGrpc(InferResponse response) {
        ModelInferResponse.Builder out = ModelInferResponse.newBuilder()
                .setModelName(response.modelName())
                .setModelVersion(response.modelVersion());
        if (response.id() != null) {
            out.setId(response.id());
        }
        if (response.parameters() != null) {
            out.putAllParameters(toGrpcParameters(response.parameters()));
        }
        for (InferResponse.Output o : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(o.name())
                    .setDatatype(o.datatype())
                    .addAllShape(o.shape())
                    .setContents(contents(o.datatype(), o.data()));
            if (o.parameters() != null) {
                tensor.putAllParameters(toGrpcParameters(o.parameters()));
            }
            out.addOutputs(tensor);
        }
        return out.build();
    }

    /** The gRPC form of model metadata. */
    public ModelMetadataResponse toGrpc(ModelMetadata metadata) {
        return ModelMetadataResponse.newBuilder()
                .setName(metadata.name())
                .addAllVersions(metadata.versions())
                .setPlatform(metadata.platform())
                .addAllInputs(metadata.inputs().stream().map(GrpcTensorCodec::tensor).toList())
                .addAllOutputs(metadata.outputs().stream().map(GrpcTensorCodec::tensor).toList())
                .putAllProperties(metadata.properties())
                .build();
    }

    private static ModelMetadataResponse.TensorMetadata tensor(RegistryVersion.Tensor t) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(t.name())
                .setDatatype(t.datatype() == null ? "" : t.datatype())
                .addAllShape(t.shape())
                .build();
    }

    private static JsonNode fromContents(ModelInferRequest.InferInputTensor in) {
        InferTensorContents c = in.getContents();
        ArrayNode data = JSON.arrayNode();
        String type = in.getDatatype();
        int expected = switch (type) {
            case "BOOL" -> {
                c.getBoolContentsList().forEach(data::add);
                yield c.getBoolContentsCount();
            }
            case "INT8", "INT16", "INT32" -> {
                c.getIntContentsList().forEach(data::add);
                yield c.getIntContentsCount();
            }
            case "INT64" -> {
                c.getInt64ContentsList().forEach(data::add);
                yield c.getInt64ContentsCount();
            }
            case "UINT8", "UINT16", "UINT32" -> {
                c.getUintContentsList().forEach(v -> data.add(Integer.toUnsignedLong(v)));
                yield c.getUintContentsCount();
            }
            case "UINT64" -> {
                c.getUint64ContentsList().forEach(v -> data.add(new BigInteger(Long.toUnsignedString(v))));
                yield c.getUint64ContentsCount();
            }
            case "FP32" -> {
                c.getFp32ContentsList().forEach(data::add);
                yield c.getFp32ContentsCount();
            }
            case "FP64" -> {
                c.getFp64ContentsList().forEach(data::add);
                yield c.getFp64ContentsCount();
            }
            case "BYTES" -> {
                c.getBytesContentsList().forEach(b -> data.add(b.toString(StandardCharsets.UTF_8)));
                yield c.getBytesContentsCount();
            }
            // FP16 has no typed field; other names are rejected with the REST wording further on.
            default -> 0;
        };
        int all = c.getBoolContentsCount() + c.getIntContentsCount() + c.getInt64ContentsCount()
                + c.getUintContentsCount() + c.getUint64ContentsCount() + c.getFp32ContentsCount()
                + c.getFp64ContentsCount() + c.getBytesContentsCount();
        if (all != expected) {
            throw ApiException.badRequest("input '" + in.getName() + "' is " + type + " but its values are in a "
                    + "contents field of another datatype" + ("FP16".equals(type) ? " (FP16 needs raw_input_contents)" : ""));
        }
        return data;
    }

    private static JsonNode fromRaw(ModelInferRequest.InferInputTensor in, ByteString bytes) {
        ByteBuffer buf = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ArrayNode data = JSON.arrayNode();
        String type = in.getDatatype();
        if ("BYTES".equals(type)) {
            while (buf.hasRemaining()) {
                if (buf.remaining() < 4) {
                    throw rawMismatch(in, "ends inside a BYTES length prefix");
                }
                int length = buf.getInt();
                if (length < 0 || length > buf.remaining()) {
                    throw rawMismatch(in, "has a BYTES element of " + Integer.toUnsignedString(length)
                            + " bytes but only " + buf.remaining() + " remain");
                }
                byte[] element = new byte[length];
                buf.get(element);
                data.add(new String(element, StandardCharsets.UTF_8));
            }
            return data;
        }
        int size = switch (type) {
            case "BOOL", "INT8", "UINT8" -> 1;
            case "INT16", "UINT16", "FP16" -> 2;
            case "INT32", "UINT32", "FP32" -> 4;
            case "INT64", "UINT64", "FP64" -> 8;
            default -> throw ApiException.badRequest("input '" + in.getName() + "' datatype must be an Open "
                    + "Inference Protocol type, got " + type);
        };
        if (buf.remaining() % size != 0) {
            throw rawMismatch(in, "has " + buf.remaining() + " bytes, not a whole number of " + size + "-byte "
                    + type + " values");
        }
        while (buf.hasRemaining()) {
            switch (type) {
                case "BOOL" -> data.add(buf.get() != 0);
                case "INT8" -> data.add(buf.get());
                case "UINT8" -> data.add(Byte.toUnsignedInt(buf.get()));
                case "INT16" -> data.add(buf.getShort());
                case "UINT16" -> data.add(Short.toUnsignedInt(buf.getShort()));
                case "FP16" -> data.add(halfToFloat(buf.getShort()));
                case "INT32" -> data.add(buf.getInt());
                case "UINT32" -> data.add(Integer.toUnsignedLong(buf.getInt()));
                case "FP32" -> data.add(buf.getFloat());
                case "INT64" -> data.add(buf.getLong());
                case "UINT64" -> data.add(new BigInteger(Long.toUnsignedString(buf.getLong())));
                default -> data.add(buf.getDouble());
            }
        }
        return data;
    }

    private static ApiException rawMismatch(ModelInferRequest.InferInputTensor in, String what) {
        return ApiException.badRequest("raw_input_contents of input '" + in.getName() + "' " + what);
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static InferTensorContents contents(String datatype, List<?> data) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (Object v : data) {
            switch (datatype) {
                case "BYTES" -> c.addBytesContents(ByteString.copyFromUtf8(String.valueOf(v)));
                case "BOOL" -> c.addBoolContents((Boolean) v);
                case "FP32" -> c.addFp32Contents(((Number) v).floatValue());
                case "INT8", "INT16", "INT32" -> c.addIntContents(((Number) v).intValue());
                case "INT64" -> c.addInt64Contents(((Number) v).longValue());
                default -> c.addFp64Contents(((Number) v).doubleValue());
            }
        }
        return c.build();
    }

    private static Map<String, Object> parameters(Map<String, InferParameter> grpc) {
        if (grpc.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        grpc.forEach((k, p) -> out.put(k, switch (p.getParameterChoiceCase()) {
            case BOOL_PARAM -> p.getBoolParam();
            case INT64_PARAM -> p.getInt64Param();
            case STRING_PARAM -> p.getStringParam();
            case DOUBLE_PARAM -> p.getDoubleParam();
            case UINT64_PARAM -> new BigInteger(Long.toUnsignedString(p.getUint64Param()));
            case PARAMETERCHOICE_NOT_SET -> null;
        }));
        return out;
    }

    private static Map<String, InferParameter> toGrpcParameters(Map<String, Object> rest) {
        Map<String, InferParameter> out = new LinkedHashMap<>();
        rest.forEach((k, v) -> {
            InferParameter.Builder p = InferParameter.newBuilder();
            if (v instanceof Boolean b) {
                p.setBoolParam(b);
            } else if (v instanceof Integer || v instanceof Long) {
                p.setInt64Param(((Number) v).longValue());
            } else if (v instanceof Number n) {
                p.setDoubleParam(n.doubleValue());
            } else if (v != null) {
                p.setStringParam(String.valueOf(v));
            }
            out.put(k, p.build());
        });
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
