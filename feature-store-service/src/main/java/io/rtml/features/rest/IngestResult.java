package io.rtml.features.rest;

/** How many rows were written to the online store and the history. */
public record IngestResult(int upserted) {
}
