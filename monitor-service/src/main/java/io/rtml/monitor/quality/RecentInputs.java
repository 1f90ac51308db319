package io.rtml.monitor.quality;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The input rows of a version's last {@code capacity} predictions, as 64-bit hashes, so a row equal to
 * one of them is counted as a duplicate (a client retrying, an upstream stuck on one record). A
 * duplicate is "equal to one of the previous N rows of the version", not "anywhere in the report's
 * range": that keeps the memory bounded (about 40 bytes a row) and the per-bucket count a plain sum.
 * Held in memory only: after a restart the first rows are compared with nothing. Not thread-safe.
 */
public final class RecentInputs {

    private final long[] ring;
    private final Map<Long, Integer> seen = new HashMap<>();
    private int next;
    private int size;

    public RecentInputs(int capacity) {
        this.ring = new long[Math.max(0, capacity)];
    }

    /** Remembers the row and answers whether an equal one is among the previous {@code capacity}; empty rows never are. */
    public boolean seenBefore(Map<String, ?> inputs) {
        if (ring.length == 0 || inputs == null || inputs.isEmpty()) {
            return false;
        }
        long h = hash(canonical(inputs));
        boolean duplicate = seen.containsKey(h);
        if (size == ring.length) {
            long old = ring[next];
            seen.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
        } else {
            size++;
        }
        ring[next] = h;
        next = (next + 1) % ring.length;
        seen.merge(h, 1, Integer::sum);
        return duplicate;
    }

    /** Keys in order, each value as text with its type, so {@code 1} and {@code "1"} differ. */
    static String canonical(Map<String, ?> inputs) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(inputs).forEach((k, v) -> sb.append(k).append('\u0000')
                .append(v == null ? "null" : v.getClass().getSimpleName()).append(':').append(v).append('\u0001'));
        return sb.toString();
    }

    /** 64-bit FNV-1a over the UTF-8 bytes: collisions among 10⁴ rows are about 10⁻¹¹ likely. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
