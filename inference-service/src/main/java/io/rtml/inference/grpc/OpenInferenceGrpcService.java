package io.rtml.inference.grpc;

import io.quarkus.grpc.GrpcService;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.inference.grpc.v2.GRPCInferenceService;
import io.rtml.inference.grpc.v2.ModelInferRequest;
import io.rtml.inference.grpc.v2.ModelInferResponse;
import io.rtml.inference.grpc.v2.ModelMetadataRequest;
import io.rtml.inference.grpc.v2.ModelMetadataResponse;
import io.rtml.inference.grpc.v2.ModelReadyRequest;
import io.rtml.inference.grpc.v2.ModelReadyResponse;
import io.rtml.inference.grpc.v2.ServerLiveRequest;
import io.rtml.inference.grpc.v2.ServerLiveResponse;
import io.rtml.inference.grpc.v2.ServerMetadataRequest;
import io.rtml.inference.grpc.v2.ServerMetadataResponse;
import io.rtml.inference.grpc.v2.ServerReadyRequest;
import io.rtml.inference.grpc.v2.ServerReadyResponse;
import io.rtml.inference.security.TenantAccess;
import io.rtml.inference.service.ModelDescriptions;
import io.rtml.inference.service.ModelManager;
import io.rtml.inference.service.PredictionService;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.function.Supplier;

/**
 * Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}), on the gRPC server's
 * own port. Every call goes through the same services as its REST twin in
 * {@code OpenInferenceResource}: same validation, same metrics, same prediction events.
 */
@GrpcService
public class OpenInferenceGrpcService implements GRPCInferenceService {

    private final ModelManager models;
    private final ModelDescriptions descriptions;
    private final PredictionService predictions;
    private final GrpcTensorCodec codec;
    private final String serverVersion;
    private final TenantAccess tenants;

    public OpenInferenceGrpcService(ModelManager models, ModelDescriptions descriptions, PredictionService predictions,
                                    GrpcTensorCodec codec,
                                    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                                    TenantAccess tenants) {
        this.models = models;
        this.descriptions = descriptions;
        this.predictions = predictions;
        this.codec = codec;
        this.serverVersion = version;
        this.tenants = tenants;
    }

    /**
     * {@code work} once the caller ({@link BearerTokenInterceptor} checked its token) may use
     * {@code model}: the same tenant rule as REST. Called where the call's gRPC context is current.
     */
    private <T> Uni<T> forCaller(String model, Supplier<Uni<T>> work) {
        Caller caller = BearerTokenInterceptor.CALLER.get();
        if (caller == null) {
            return Uni.createFrom().failure(new ApiException(401, "The call carries no verified bearer token"));
        }
        return Uni.createFrom().deferred(() -> tenants.requireSubscribed(caller, model(model)).flatMap(ok -> work.get()));
    }

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return Uni.createFrom().item(ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return Uni.createFrom().item(() -> ServerReadyResponse.newBuilder().setReady(models.pinnedReady()).build());
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        return Uni.createFrom().item(ServerMetadataResponse.newBuilder()
                .setName("rtml-inference").setVersion(serverVersion).build());
    }

    /** Ready when the version loads; NOT_FOUND for an unknown model, else not ready (with no error). */
    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        return forCaller(request.getName(), () -> descriptions.load(model(request.getName()), version(request.getVersion())))
                .map(loaded -> true)
                .onFailure(e -> !(e instanceof ApiException api && (api.status() == 404 || api.status() == 400 || api.status() == 403)))
                .recoverWithItem(false)
                .map(ready -> ModelReadyResponse.newBuilder().setReady(ready).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        return forCaller(request.getName(), () -> descriptions.metadata(model(request.getName()), version(request.getVersion())))
                .map(codec::toGrpc)
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        return forCaller(request.getModelName(), () -> predictions.infer(model(request.getModelName()),
                        version(request.getModelVersion()), codec.toInferRequest(request)))
                .map(codec::toGrpc)
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private static String model(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("model name is required");
        }
        return name;
    }

    /** proto3 has no null: an empty version means the champion, as a path without /versions/{v} does. */
    private static Integer version(String version) {
        if (version == null || version.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("model version must be a whole number, got '" + version + "'");
        }
    }
}
