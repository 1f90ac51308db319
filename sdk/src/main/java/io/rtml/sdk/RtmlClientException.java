package io.rtml.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A call to an rtml service failed. {@link #status()} is the HTTP status (0 when the service could not
 * be reached), the message carries the service's own {@code error} sentence, {@link #details()} its
 * structured {@code details} (may be {@code null}).
 */
public class RtmlClientException extends RuntimeException {

    private final int status;
    private final transient JsonNode details;

    public RtmlClientException(int status, String message, JsonNode details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public RtmlClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.details = null;
    }

    public int status() {
        return status;
    }

    public JsonNode details() {
        return details;
    }
}
