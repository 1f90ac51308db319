package io.rtml.features.rest;

/** Whether a value was served: PRESENT, never written (NOT_FOUND), or older than the view's TTL (OUTSIDE_TTL). */
public enum FeatureStatus {
    PRESENT, NOT_FOUND, OUTSIDE_TTL
}
