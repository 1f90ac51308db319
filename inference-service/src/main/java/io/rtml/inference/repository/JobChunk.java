package io.rtml.inference.repository;

import java.util.List;
import java.util.UUID;

/** One chunk of a job: keys {@code firstIndex .. firstIndex + keys.size() - 1} of its upload. */
public record JobChunk(UUID jobId, int chunkNo, long firstIndex, List<String> keys) {
}
