package io.rtml.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtml.inference.service.ChunkScorer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code rtml.scoring-jobs} in group {@code rtml-inference-jobs}: every replica takes some of
 * the partitions, so a job's chunks are scored all over the deployment, a few at a time per replica
 * (the {@code rtml-jobs} worker pool). A record is acknowledged, and its offset committed, only after
 * {@link ChunkScorer#score} has stored the chunk's counts.
 */
@ApplicationScoped
public class ScoringJobListener {

    public static final String CHANNEL = "scoring-jobs";
    private static final Logger LOG = Logger.getLogger(ScoringJobListener.class);

    private final ChunkScorer scorer;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public ScoringJobListener(ChunkScorer scorer, ObjectMapper mapper, MeterRegistry metrics) {
        this.scorer = scorer;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    @Blocking(value = "rtml-jobs", ordered = false)
    public void onChunk(String json) throws Exception {
        ChunkRecord record;
        try {
            record = mapper.readValue(json, ChunkRecord.class);
        } catch (Exception e) {
            metrics.counter("rtml_jobs_chunk_records_rejected_total").increment();
            LOG.warnf("Skipped a record on %s that is not a chunk: %s", CHANNEL, e.getMessage());
            return;
        }
        if (record == null || record.jobId() == null) {
            metrics.counter("rtml_jobs_chunk_records_rejected_total").increment();
            return;
        }
        try {
            scorer.score(record.jobId(), record.chunk());
        } catch (Exception e) {
            // Not scored: the record is skipped (failure-strategy=ignore) and the sweep publishes the
            // chunk again after rtml.inference.jobs.republish-after.
            metrics.counter("rtml_jobs_chunk_failures_total").increment();
            LOG.errorf(e, "Chunk %d of job %s could not be scored", record.chunk(), record.jobId());
            throw e;
        }
    }
}
