package io.rtml.inference.service;

/** A version that could not be made to serve: bad checksum, unreadable artifact, failed warm-up. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
