package io.rtml.inference.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rtml.common.rest.ApiException;
import org.jboss.logging.Logger;

/**
 * The gRPC form of rtml's errors: an {@link ApiException}'s HTTP status becomes the matching gRPC
 * code with the same message (a 503 also carries {@code retry-after} seconds in the trailers);
 * anything else is INTERNAL with the same sentence REST gives, never a class name or a stack trace.
 */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {
    }

    static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (!(failure instanceof ApiException api)) {
            LOG.error("Unexpected failure on a gRPC call", failure);
            return Status.INTERNAL.withDescription("Internal error; the service log has the details").asRuntimeException();
        }
        Status status = code(api.status()).withDescription(api.getMessage());
        if (api.retryAfterSeconds() > 0) {
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER, Long.toString(api.retryAfterSeconds()));
            return status.asRuntimeException(trailers);
        }
        return status.asRuntimeException();
    }

    static Status code(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 422 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.FAILED_PRECONDITION;
            case 429, 507 -> Status.RESOURCE_EXHAUSTED;
            case 501 -> Status.UNIMPLEMENTED;
            case 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> httpStatus >= 400 && httpStatus < 500 ? Status.INVALID_ARGUMENT : Status.INTERNAL;
        };
    }
}
