package io.rtml.inference.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.inference.config.JobsConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Jobs and their chunks in PostgreSQL, over JDBC: every caller is already on a worker thread (the
 * streamed upload, the chunk consumer, the sweep), and the upload is one long transaction that a
 * blocking connection expresses plainly.
 */
@ApplicationScoped
public class JobRepository {

    private static final TypeReference<List<ScoringJob.JobError>> ERRORS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, model, tenant, state, total, done, failed, chunks, first_errors, "
            + "created_at, started_at, finished_at";
    /** Chunks inserted per JDBC batch during an upload. */
    private static final int INSERT_BATCH = 20;

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final JobsConfig config;

    public JobRepository(DataSource dataSource, ObjectMapper mapper, JobsConfig config) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.config = config;
    }

    /** Starts storing a new job; nothing is visible to anyone until {@link Upload#commit} returns. */
    public Upload begin(UUID id, String model, String tenant) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO scoring_job (id, model, tenant, state, total, chunks) VALUES (?, ?, ?, 'queued', 0, 0)")) {
                insert.setObject(1, id);
                insert.setString(2, model);
                insert.setString(3, tenant);
                insert.executeUpdate();
            }
            return new Upload(connection, id);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A job being stored: chunks go in batches; {@link #close} without a commit leaves no trace. */
    public final class Upload implements AutoCloseable {

        private final Connection connection;
        private final UUID id;
        private final PreparedStatement chunks;
        private int pending;
        private boolean committed;

        private Upload(Connection connection, UUID id) throws SQLException {
            this.connection = connection;
            this.id = id;
            this.chunks = connection.prepareStatement(
                    "INSERT INTO scoring_job_chunk (job_id, chunk_no, first_index, entity_keys) VALUES (?, ?, ?, ?)");
        }

        public void addChunk(int chunkNo, long firstIndex, List<String> keys) throws SQLException {
            chunks.setObject(1, id);
            chunks.setInt(2, chunkNo);
            chunks.setLong(3, firstIndex);
            chunks.setArray(4, connection.createArrayOf("text", keys.toArray()));
            chunks.addBatch();
            if (++pending == INSERT_BATCH) {
                chunks.executeBatch();
                pending = 0;
            }
        }

        /**
         * Sets the job's totals and commits. {@code badLines} are already failed; a job with no chunk
         * ends here.
         */
        public void commit(long total, long badLines, int chunkCount, List<ScoringJob.JobError> errors)
                throws SQLException {
            if (pending > 0) {
                chunks.executeBatch();
                pending = 0;
            }
            String state = chunkCount > 0 ? ScoringJob.QUEUED : ScoringJob.FAILED;
            try (PreparedStatement update = connection.prepareStatement("UPDATE scoring_job SET total = ?, failed = ?, "
                    + "chunks = ?, first_errors = ?::jsonb, state = ?, finished_at = CASE WHEN ? THEN now() END "
                    + "WHERE id = ?")) {
                update.setLong(1, total);
                update.setLong(2, badLines);
                update.setInt(3, chunkCount);
                update.setString(4, json(errors));
                update.setString(5, state);
                update.setBoolean(6, chunkCount == 0);
                update.setObject(7, id);
                update.executeUpdate();
            }
            connection.commit();
            committed = true;
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!committed) {
                    connection.rollback();
                }
                chunks.close();
            } finally {
                connection.setAutoCommit(true);
                connection.close();
            }
        }
    }

    public Optional<ScoringJob> find(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM scoring_job WHERE id = ?")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    /** Newest first. */
    public List<ScoringJob> page(int page, int size) throws SQLException {
        return page(null, page, size);
    }

    /** One page of {@code tenant}'s jobs (every tenant's when null), newest first. */
    public List<ScoringJob> page(String tenant, int page, int size) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM scoring_job WHERE (?::text IS NULL OR tenant = ?) ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
            q.setString(1, tenant);
            q.setString(2, tenant);
            q.setInt(3, size);
            q.setLong(4, (long) page * size);
            List<ScoringJob> jobs = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                }
            }
            return jobs;
        }
    }

    /** Cancels a job that has not ended; false when it had (or does not exist). */
    public boolean cancel(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE scoring_job SET state = 'cancelled', finished_at = now() "
                     + "WHERE id = ? AND state IN ('queued', 'running')")) {
            u.setObject(1, id);
            return u.executeUpdate() == 1;
        }
    }

    /** The chunk, unless it was already scored. */
    public Optional<JobChunk> unscoredChunk(UUID jobId, int chunkNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT first_index, entity_keys FROM scoring_job_chunk "
                     + "WHERE job_id = ? AND chunk_no = ? AND scored_at IS NULL")) {
            q.setObject(1, jobId);
            q.setInt(2, chunkNo);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String[] keys = (String[]) rs.getArray(2).getArray();
                return Optional.of(new JobChunk(jobId, chunkNo, rs.getLong(1), Arrays.asList(keys)));
            }
        }
    }

    public void markRunning(UUID jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE scoring_job SET state = 'running', started_at = now() "
                     + "WHERE id = ? AND state = 'queued'")) {
            u.setObject(1, jobId);
            u.executeUpdate();
        }
    }

    /**
     * Marks the chunk scored and adds its counts and errors to its job, in one transaction; false (and
     * nothing changed) when the chunk had been scored already. A job whose every key is now counted ends:
     * {@code succeeded}, or {@code failed} when not one key was scored.
     */
    public boolean completeChunk(UUID jobId, int chunkNo, int done, int failed, List<ScoringJob.JobError> errors)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement mark = c.prepareStatement("UPDATE scoring_job_chunk SET scored_at = now(), "
                        + "done = ?, failed = ? WHERE job_id = ? AND chunk_no = ? AND scored_at IS NULL")) {
                    mark.setInt(1, done);
                    mark.setInt(2, failed);
                    mark.setObject(3, jobId);
                    mark.setInt(4, chunkNo);
                    if (mark.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement add = c.prepareStatement("UPDATE scoring_job SET done = done + ?, "
                        + "failed = failed + ?, "
                        + "first_errors = (SELECT COALESCE(jsonb_agg(e ORDER BY n), '[]'::jsonb) FROM "
                        + "  (SELECT e, n FROM jsonb_array_elements(first_errors || ?::jsonb) WITH ORDINALITY AS t(e, n) "
                        + "   ORDER BY n LIMIT ?) kept), "
                        + "state = CASE WHEN state IN ('queued', 'running') AND done + failed + ? >= total "
                        + "  THEN CASE WHEN done + ? = 0 THEN 'failed' ELSE 'succeeded' END ELSE state END, "
                        + "finished_at = CASE WHEN state IN ('queued', 'running') AND done + failed + ? >= total "
                        + "  THEN now() ELSE finished_at END "
                        + "WHERE id = ?")) {
                    add.setInt(1, done);
                    add.setInt(2, failed);
                    add.setString(3, json(errors));
                    add.setInt(4, config.maxErrors());
                    add.setInt(5, done + failed);
                    add.setInt(6, done);
                    add.setInt(7, done + failed);
                    add.setObject(8, jobId);
                    add.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    public void markPublished(UUID jobId, List<Integer> chunkNos) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE scoring_job_chunk SET published_at = now() "
                     + "WHERE job_id = ? AND chunk_no = ANY (?)")) {
            u.setObject(1, jobId);
            u.setArray(2, c.createArrayOf("integer", chunkNos.toArray()));
            u.executeUpdate();
        }
    }

    /**
     * Chunks of live jobs whose record must be (re)published: never published though the job was stored
     * more than {@code grace} ago (the uploader died between commit and publish), or published longer
     * than {@code republishAfter} ago and still not scored.
     */
    public Map<UUID, List<Integer>> chunksToPublish(Duration grace, Duration republishAfter, int limit)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT k.job_id, k.chunk_no FROM scoring_job_chunk k "
                     + "JOIN scoring_job j ON j.id = k.job_id WHERE j.state IN ('queued', 'running') AND k.scored_at IS NULL "
                     + "AND ((k.published_at IS NULL AND j.created_at < ?) OR k.published_at < ?) "
                     + "ORDER BY k.job_id, k.chunk_no LIMIT ?")) {
            Instant now = Instant.now();
            q.setTimestamp(1, Timestamp.from(now.minus(grace)));
            q.setTimestamp(2, Timestamp.from(now.minus(republishAfter)));
            q.setInt(3, limit);
            Map<UUID, List<Integer>> chunks = new LinkedHashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    chunks.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getInt(2));
                }
            }
            return chunks;
        }
    }

    public Map<String, Long> countByState() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT state, count(*) FROM scoring_job GROUP BY state");
             ResultSet rs = q.executeQuery()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        }
    }

    private ScoringJob job(ResultSet rs) throws SQLException {
        List<ScoringJob.JobError> errors;
        try {
            errors = mapper.readValue(rs.getString("first_errors"), ERRORS);
        } catch (JsonProcessingException e) {
            throw new SQLException("first_errors of job " + rs.getString("id") + " is not a list of errors", e);
        }
        return new ScoringJob(rs.getObject("id", UUID.class), rs.getString("model"), rs.getString("tenant"),
                rs.getString("state"), rs.getLong("total"), rs.getLong("done"), rs.getLong("failed"),
                rs.getInt("chunks"), errors, instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private String json(List<ScoringJob.JobError> errors) {
        try {
            return mapper.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Job errors could not be written as JSON", e);
        }
    }
}
