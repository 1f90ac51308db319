package io.rtml.contracts.lineage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Which training set a version was trained on: the feature store's historical-features request that made
 * it. The SDK records it when it reads the set, the registry keeps it with the version, so the same rows
 * can be read again (or two versions shown to share a training set) later.
 *
 * @param entityRowsDigest {@link #digest} of the request's entity rows, in request order
 * @param rows             how many entity rows the request had
 * @param asOf             the request's point-in-time mode: {@code known} (default) or {@code event}
 * @param readAt           when the request was made: a {@code known} read sees what had been ingested by then
 * @param from             the earliest entity-row timestamp
 * @param to               the latest entity-row timestamp
 * @param features         the {@code view:feature} references read
 */
public record TrainingSetSnapshot(String entityRowsDigest, Long rows, String asOf, Instant readAt, Instant from,
                                  Instant to, List<String> features) {

    /** The point-in-time modes of a historical read. */
    public static final List<String> AS_OF_MODES = List.of("known", "event");

    /**
     * The sha256 (lower-case hex) of the entity rows: one line {@code entityKey \t timestamp \n} per row, the
     * timestamp in ISO-8601 ({@link Instant#toString()}), in request order, UTF-8.
     */
    public static String digest(List<String> entityKeys, List<Instant> timestamps) {
        if (entityKeys.size() != timestamps.size()) {
            throw new IllegalArgumentException(entityKeys.size() + " keys but " + timestamps.size() + " timestamps");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < entityKeys.size(); i++) {
                sha.update((entityKeys.get(i) + "\t" + timestamps.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Every rule the snapshot breaks, each naming its field; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (entityRowsDigest == null || !entityRowsDigest.matches("[0-9a-f]{64}")) {
            problems.add("entityRowsDigest: must be a sha256 in lower-case hex (64 characters)");
        }
        if (rows == null || rows < 0) {
            problems.add("rows: must be a number >= 0");
        }
        if (asOf != null && !AS_OF_MODES.contains(asOf)) {
            problems.add("asOf: must be one of " + String.join(", ", AS_OF_MODES) + ", was " + asOf);
        }
        if (from != null && to != null && from.isAfter(to)) {
            problems.add("from: " + from + " is after to " + to);
        }
        return problems;
    }
}
