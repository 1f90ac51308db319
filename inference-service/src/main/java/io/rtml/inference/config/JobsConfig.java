package io.rtml.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code rtml.inference.jobs.*}: bulk scoring jobs ({@code /api/v1/jobs}). */
@ConfigMapping(prefix = "rtml.inference.jobs")
public interface JobsConfig {

    /** Keys per chunk: the unit of work on {@code rtml.scoring-jobs}, one predict call each. */
    @WithDefault("500")
    int chunkSize();

    /** Most keys one upload may carry; a longer upload is refused (413) and nothing is stored. */
    @WithDefault("10000000")
    long maxKeys();

    /** Longest entity key; a longer line is counted as a bad line. */
    @WithDefault("256")
    int maxKeyLength();

    /** How many first errors a job keeps to show. */
    @WithDefault("10")
    int maxErrors();

    /** How long a chunk is retried while its dependencies answer 503 or time out, before its keys count as failed. */
    @WithDefault("2m")
    Duration retryFor();

    /** Longest one predict call of a chunk may take. */
    @WithDefault("60s")
    Duration predictTimeout();

    /** A chunk published this long ago and still not scored is published again (a lost or skipped record). */
    @WithDefault("15m")
    Duration republishAfter();

    /** How often each replica publishes chunks left unpublished and refreshes the jobs gauge. */
    @WithDefault("10s")
    Duration sweepInterval();

    /** Upper bound of jobs one page of {@code GET /api/v1/jobs} returns. */
    @WithDefault("100")
    int maxPageSize();
}
