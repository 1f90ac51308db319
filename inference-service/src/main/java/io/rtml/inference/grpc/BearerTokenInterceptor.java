package io.rtml.inference.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.rtml.common.rest.ApiException;
import io.rtml.common.security.Caller;
import io.rtml.inference.grpc.v2.GRPCInferenceServiceGrpc;
import io.rtml.inference.security.BearerTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * Every gRPC call but the server's liveness and readiness (health, open as {@code /q/health} is) must
 * carry a bearer token in its {@code authorization} metadata; without a valid one it ends with
 * UNAUTHENTICATED, without a role that may score with PERMISSION_DENIED, before the service sees it.
 * The caller travels in the gRPC {@link Context} ({@link #CALLER}) to the service, which applies the
 * tenant rule. The token is checked by {@link BearerTokens}, the same check as for stream records.
 */
@GlobalInterceptor
@ApplicationScoped
public class BearerTokenInterceptor implements ServerInterceptor {

    public static final Context.Key<Caller> CALLER = Context.key("rtml-caller");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN = Set.of(
            GRPCInferenceServiceGrpc.getServerLiveMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getServerReadyMethod().getFullMethodName());

    private final BearerTokens tokens;

    public BearerTokenInterceptor(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (OPEN.contains(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            caller = tokens.callerOf(headers.get(AUTHORIZATION));
        } catch (ApiException e) {
            call.close(GrpcErrors.code(e.status()).withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }
}
