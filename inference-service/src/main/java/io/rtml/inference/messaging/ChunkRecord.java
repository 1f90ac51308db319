package io.rtml.inference.messaging;

import java.util.UUID;

/** A record on {@code rtml.scoring-jobs}: "score chunk {@code chunk} of job {@code jobId}". The keys stay in PostgreSQL. */
public record ChunkRecord(UUID jobId, int chunk) {
}
