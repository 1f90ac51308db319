package io.rtml.common.rest;

import java.time.Duration;

/**
 * A failure whose HTTP status and message are meant for the caller. A 503 always tells the caller
 * when to try again ({@code Retry-After}): the given delay, or {@link #DEFAULT_RETRY_AFTER}.
 */
public class ApiException extends RuntimeException {

    /** Retry-After of a 503 that names no delay of its own. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final int status;
    private final transient Object details;
    private final Duration retryAfter;

    public ApiException(int status, String message, Object details, Duration retryAfter) {
        super(message);
        this.status = status;
        this.details = details;
        this.retryAfter = retryAfter;
    }

    public ApiException(int status, String message, Object details) {
        this(status, message, details, null);
    }

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 403: the caller is known but may not do this (another tenant's data, a role it lacks). */
    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message, Object details) {
        return new ApiException(409, message, details);
    }

    /** 503: a dependency or a resource is not available now; {@code retryAfter} says when to try again. */
    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(503, message, null, retryAfter);
    }

    public int status() {
        return status;
    }

    public Object details() {
        return details;
    }

    /** Whole seconds for {@code Retry-After} (at least 1), or -1 when this status carries none. */
    public long retryAfterSeconds() {
        Duration delay = retryAfter != null ? retryAfter : status == 503 ? DEFAULT_RETRY_AFTER : null;
        return delay == null ? -1 : Math.max(1, (delay.toMillis() + 999) / 1000);
    }
}
