package io.rtml.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.rtml.inference.config.JobsConfig;
import io.rtml.inference.messaging.ChunkPublisher;
import io.rtml.inference.repository.JobRepository;
import io.rtml.inference.repository.ScoringJob;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs' outbox: publishes the chunks that were stored but never published (the uploader died in
 * between) and those published long ago and still unscored (a record skipped after a failure). Also
 * keeps the {@code rtml_jobs{state}} gauge. Every replica sweeps; a chunk published twice is scored
 * once.
 */
@ApplicationScoped
public class JobSweeper {

    private static final Logger LOG = Logger.getLogger(JobSweeper.class);
    /** An upload publishes its own chunks right after its commit; the sweep leaves them this long. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final int BATCH = 5_000;
    private static final List<String> STATES = List.of(ScoringJob.QUEUED, ScoringJob.RUNNING, ScoringJob.SUCCEEDED,
            ScoringJob.FAILED, ScoringJob.CANCELLED);

    private final JobRepository jobs;
    private final ChunkPublisher publisher;
    private final JobsConfig config;
    private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();

    public JobSweeper(JobRepository jobs, ChunkPublisher publisher, JobsConfig config, MeterRegistry metrics) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.config = config;
        for (String state : STATES) {
            byState.put(state, metrics.gauge("rtml_jobs", Tags.of("state", state), new AtomicLong()));
        }
    }

    @Scheduled(every = "${rtml.inference.jobs.sweep-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            Map<UUID, List<Integer>> due = jobs.chunksToPublish(GRACE, config.republishAfter(), BATCH);
            for (Map.Entry<UUID, List<Integer>> job : due.entrySet()) {
                publisher.publish(job.getKey(), job.getValue(), Duration.ofSeconds(30));
                jobs.markPublished(job.getKey(), job.getValue());
                LOG.infof("Published %d chunks of job %s again", job.getValue().size(), job.getKey());
            }
            Map<String, Long> counts = jobs.countByState();
            byState.forEach((state, gauge) -> gauge.set(counts.getOrDefault(state, 0L)));
        } catch (Exception e) {
            LOG.warnf("Job sweep failed, tried again next time: %s", e.getMessage());
        }
    }
}
