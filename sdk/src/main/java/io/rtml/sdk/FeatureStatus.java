package io.rtml.sdk;

/** Whether the feature store had a value: present, never seen, or older than the view's TTL. */
public enum FeatureStatus {
    PRESENT, NOT_FOUND, OUTSIDE_TTL
}
