package io.rtml.common.rest;

/** A failure whose HTTP status and message are meant for the caller. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object details;

    public ApiException(int status, String message, Object details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message, Object details) {
        return new ApiException(409, message, details);
    }

    public int status() {
        return status;
    }

    public Object details() {
        return details;
    }
}
