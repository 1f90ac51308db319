package io.rtml.inference.rest;

import io.rtml.inference.repository.ScoringJob;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the API shows it: exact counts from PostgreSQL plus the rate since it started (keys per
 * second) and, while it runs, the seconds left at that rate.
 */
public record JobView(UUID id, String model, String tenant, String state, long total, long done, long failed,
                      long remaining, double progress, Double keysPerSecond, Long etaSeconds,
                      List<ScoringJob.JobError> firstErrors, Instant createdAt, Instant startedAt,
                      Instant finishedAt) {

    public static JobView of(ScoringJob job, Instant now) {
        long counted = job.done() + job.failed();
        long remaining = Math.max(0, job.total() - counted);
        Double rate = null;
        Long eta = null;
        if (job.startedAt() != null) {
            Instant end = job.finishedAt() != null ? job.finishedAt() : now;
            double seconds = Math.max(0.001, Duration.between(job.startedAt(), end).toMillis() / 1000.0);
            rate = Math.round(counted / seconds * 10) / 10.0;
            if (!job.finished() && rate > 0) {
                eta = Math.round(remaining / rate);
            }
        }
        double progress = job.total() == 0 ? 1.0 : Math.round(counted * 10_000.0 / job.total()) / 10_000.0;
        return new JobView(job.id(), job.model(), job.tenant(), job.state(), job.total(), job.done(), job.failed(),
                remaining, progress, rate, job.finished() ? Long.valueOf(0) : eta, job.firstErrors(), job.createdAt(),
                job.startedAt(), job.finishedAt());
    }
}
