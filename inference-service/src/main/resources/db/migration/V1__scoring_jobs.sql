-- Bulk scoring jobs. A job's keys are stored in chunks at upload, in the same transaction as the job
-- row, so a job either exists with all its keys or not at all. Each chunk is scored by whichever
-- replica's consumer receives its record on rtml.scoring-jobs.
CREATE TABLE scoring_job (
    id           UUID PRIMARY KEY,
    model        TEXT        NOT NULL,
    tenant       TEXT,
    state        TEXT        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    total        BIGINT      NOT NULL,
    done         BIGINT      NOT NULL DEFAULT 0,
    failed       BIGINT      NOT NULL DEFAULT 0,
    chunks       INT         NOT NULL,
    -- The first errors (bad lines, keys that could not be scored), at most rtml.inference.jobs.max-errors.
    first_errors JSONB       NOT NULL DEFAULT '[]',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ
);

CREATE INDEX scoring_job_newest ON scoring_job (created_at DESC, id);
CREATE INDEX scoring_job_active ON scoring_job (state) WHERE state IN ('queued', 'running');

-- scored_at is set once, in the transaction that adds the chunk's counts to its job: a chunk delivered
-- twice (after a crash, before the Kafka offset was committed) finds it set and adds nothing.
CREATE TABLE scoring_job_chunk (
    job_id       UUID        NOT NULL REFERENCES scoring_job (id) ON DELETE CASCADE,
    chunk_no     INT         NOT NULL,
    first_index  BIGINT      NOT NULL,
    entity_keys  TEXT[]      NOT NULL,
    -- Outbox: null until the chunk's record is on rtml.scoring-jobs; a sweep publishes what is left null.
    published_at TIMESTAMPTZ,
    scored_at    TIMESTAMPTZ,
    done         INT,
    failed       INT,
    PRIMARY KEY (job_id, chunk_no)
);

CREATE INDEX scoring_job_chunk_unpublished ON scoring_job_chunk (job_id) WHERE published_at IS NULL;
CREATE INDEX scoring_job_chunk_unscored ON scoring_job_chunk (published_at) WHERE scored_at IS NULL;
