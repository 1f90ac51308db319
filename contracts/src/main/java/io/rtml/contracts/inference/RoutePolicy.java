package io.rtml.contracts.inference;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * How a model's traffic is split between its champion and one challenger, as the registry keeps it
 * ({@code GET /api/v1/models/{m}/route}) and every inference replica applies it. The split itself
 * ({@link #bucketOf}) is defined here, once, so every replica, and every restart of one, sends a
 * given recipient or tenant to the same version.
 *
 * @param challenger the challenger's version (null when {@code mode} is off)
 * @param percent    canary share of sticky keys, 0-100 (ignored in shadow mode, where every request is copied)
 * @param stickyBy   what a request is kept on one version by: its entity key or its tenant
 * @param holdoutPercent share of sticky keys, 0-100, answered by {@code fallback} instead of any model, so the
 *                   monitor can measure the model's KPI uplift; disjoint from the canary share (see {@link #holdoutTakes})
 * @param fallback   the model's declared fallback policy (null when none is declared; then holdoutPercent is 0)
 */
public record RoutePolicy(String model, Integer challenger, Mode mode, int percent, StickyBy stickyBy,
                          Instant updatedAt, String updatedBy, int holdoutPercent, FallbackPolicy fallback) {

    /** A route without a holdout. */
    public RoutePolicy(String model, Integer challenger, Mode mode, int percent, StickyBy stickyBy,
                       Instant updatedAt, String updatedBy) {
        this(model, challenger, mode, percent, stickyBy, updatedAt, updatedBy, 0, null);
    }

    /** What the challenger does with live traffic. */
    public enum Mode {
        /** No challenger: the champion answers everything. */
        @JsonProperty("off") OFF,
        /** The champion answers; the challenger scores a copy nobody sees. */
        @JsonProperty("shadow") SHADOW,
        /** The challenger answers {@code percent} % of sticky keys. */
        @JsonProperty("canary") CANARY
    }

    /** What keeps a caller on one version. */
    public enum StickyBy {
        @JsonProperty("entity") ENTITY,
        @JsonProperty("tenant") TENANT
    }

    public static RoutePolicy off(String model) {
        return new RoutePolicy(model, null, Mode.OFF, 0, StickyBy.ENTITY, null, null);
    }

    public boolean active() {
        return mode != null && mode != Mode.OFF && challenger != null;
    }

    /** True when a canary sends the request kept on {@code stickyKey} to the challenger. */
    public boolean canaryTakes(String stickyKey) {
        return mode == Mode.CANARY && challenger != null && stickyKey != null && bucketOf(model, stickyKey) < percent;
    }

    /**
     * True when {@code stickyKey} is in the holdout: the top {@code holdoutPercent} buckets (99 down), while a
     * canary takes the bottom {@code percent} (0 up). With holdout + canary at most 100 the two never share a
     * key, so a recipient in the holdout is never in the canary and the holdout stays put when the canary grows.
     */
    public boolean holdoutTakes(String stickyKey) {
        return holdoutPercent > 0 && fallback != null && stickyKey != null
                && bucketOf(model, stickyKey) >= 100 - holdoutPercent;
    }

    /** True when some requests leave the champion: an active challenger or a holdout. */
    public boolean splits() {
        return active() || (holdoutPercent > 0 && fallback != null);
    }

    /**
     * The key's bucket, 0-99, for this model: FNV-1a (64 bit) over the UTF-8 bytes of model, a NUL and
     * the key, then the MurmurHash3 finaliser so that neighbouring keys ("r-1", "r-2") spread evenly. The
     * model is part of the input so one recipient is not in every model's canary at once. Any change to
     * this function moves recipients between versions: it is part of the wire contract.
     */
    public static int bucketOf(String model, String stickyKey) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (model + '\u0000' + stickyKey).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 100);
    }
}
