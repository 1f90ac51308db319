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
 */
public record RoutePolicy(String model, Integer challenger, Mode mode, int percent, StickyBy stickyBy,
                          Instant updatedAt, String updatedBy) {

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
