package io.rtml.inference.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code scoring_job}: a bulk scoring job and its exact counts. */
public record ScoringJob(UUID id, String model, String tenant, String state, long total, long done, long failed,
                         int chunks, List<JobError> firstErrors, Instant createdAt, Instant startedAt,
                         Instant finishedAt) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public boolean finished() {
        return SUCCEEDED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }

    /**
     * One key that could not be scored, or one bad line of the upload.
     *
     * @param line      1-based line of the upload, for a bad line; null otherwise
     * @param entityKey the key, for a key that could not be scored
     */
    public record JobError(Long line, String entityKey, String error) {
    }
}
