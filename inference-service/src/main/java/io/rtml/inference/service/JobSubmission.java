package io.rtml.inference.service;

import io.rtml.common.rest.ApiException;
import io.rtml.inference.client.RegistryCatalogClient;
import io.rtml.inference.config.JobsConfig;
import io.rtml.inference.messaging.ChunkPublisher;
import io.rtml.inference.repository.JobRepository;
import io.rtml.inference.repository.ScoringJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Takes a new job: checks model and tenant with the registry, reads the keys as they arrive and stores
 * them in chunks in the same transaction as the job, so a refused upload leaves nothing behind; then
 * publishes one record per chunk. A crash after the commit and before the records are out is mended by
 * {@link JobSweeper}.
 */
@ApplicationScoped
public class JobSubmission {

    private static final Logger LOG = Logger.getLogger(JobSubmission.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final JobRepository jobs;
    private final RegistryCatalogClient registry;
    private final ChunkPublisher publisher;
    private final JobsConfig config;

    public JobSubmission(JobRepository jobs, @RestClient RegistryCatalogClient registry, ChunkPublisher publisher,
                         JobsConfig config) {
        this.jobs = jobs;
        this.registry = registry;
        this.publisher = publisher;
        this.config = config;
    }

    /** A job from a keys file, one key per line, read as a stream. */
    public ScoringJob submit(String model, String tenant, InputStream keysFile) throws Exception {
        checkKnown(model, tenant);
        InputStreamReader reader = new InputStreamReader(keysFile, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        KeyLines lines = new KeyLines(reader, config.maxKeyLength());
        return store(model, tenant, lines::readAll);
    }

    /** A job from a list of keys (the JSON form); each key is checked like a line of a keys file. */
    public ScoringJob submit(String model, String tenant, List<String> keys) throws Exception {
        checkKnown(model, tenant);
        return store(model, tenant, sink -> {
            Iterator<String> it = keys.iterator();
            for (long line = 1; it.hasNext(); line++) {
                String key = it.next();
                if (key == null) {
                    sink.badLine(line, "entity key is null");
                } else if (key.length() > config.maxKeyLength()) {
                    sink.badLine(line, "entity key is longer than " + config.maxKeyLength() + " characters");
                } else if (key.chars().anyMatch(Character::isISOControl)) {
                    sink.badLine(line, "entity key holds a control character");
                } else if (!key.isBlank()) {
                    sink.key(key.strip());
                }
            }
        });
    }

    /** Where the keys come from. */
    private interface KeySource {
        void readAll(KeyLines.Sink sink) throws Exception;
    }

    private ScoringJob store(String model, String tenant, KeySource source) throws Exception {
        UUID id = UUID.randomUUID();
        int chunkSize = config.chunkSize();
        int chunkCount;
        try (JobRepository.Upload upload = jobs.begin(id, model, tenant)) {
            Counting counting = new Counting(upload, chunkSize);
            source.readAll(counting);
            counting.flush();
            if (counting.keys == 0) {
                throw ApiException.badRequest("The upload holds no entity key (one per line)"
                        + (counting.badLines > 0 ? "; " + counting.badLines + " bad lines" : ""));
            }
            chunkCount = counting.chunkNo;
            upload.commit(counting.keys + counting.badLines, counting.badLines, chunkCount, counting.errors);
        }
        List<Integer> chunks = IntStream.range(0, chunkCount).boxed().toList();
        try {
            publisher.publish(id, chunks, PUBLISH_TIMEOUT);
            jobs.markPublished(id, chunks);
        } catch (RuntimeException e) {
            // The job is stored; the sweep publishes what Kafka did not take.
            LOG.warnf("Job %s is stored but its chunks could not all be published yet: %s", id, e.getMessage());
        }
        return jobs.find(id).orElseThrow();
    }

    /** Counts keys and bad lines as they arrive, and stores a chunk each time one is full. */
    private final class Counting implements KeyLines.Sink {
        private final JobRepository.Upload upload;
        private final int chunkSize;
        private final List<ScoringJob.JobError> errors = new ArrayList<>();
        private List<String> chunk;
        private long keys;
        private long badLines;
        private int chunkNo;

        Counting(JobRepository.Upload upload, int chunkSize) {
            this.upload = upload;
            this.chunkSize = chunkSize;
            this.chunk = new ArrayList<>(chunkSize);
        }

        @Override
        public void key(String key) throws SQLException {
            checkSize();
            chunk.add(key);
            keys++;
            if (chunk.size() == chunkSize) {
                flush();
            }
        }

        @Override
        public void badLine(long line, String why) {
            checkSize();
            badLines++;
            if (errors.size() < config.maxErrors()) {
                errors.add(new ScoringJob.JobError(line, null, why));
            }
        }

        void flush() throws SQLException {
            if (!chunk.isEmpty()) {
                upload.addChunk(chunkNo, (long) chunkNo * chunkSize, chunk);
                chunkNo++;
                chunk = new ArrayList<>(chunkSize);
            }
        }

        private void checkSize() {
            if (keys + badLines >= config.maxKeys()) {
                throw new ApiException(413, "The upload holds more than " + config.maxKeys()
                        + " keys (rtml.inference.jobs.max-keys); nothing was stored");
            }
        }
    }

    private void checkKnown(String model, String tenant) {
        if (model == null || model.isBlank()) {
            throw ApiException.badRequest("model is required");
        }
        lookUp(() -> registry.model(model), "Model '" + model + "' is not registered");
        if (tenant != null && !tenant.isBlank()) {
            lookUp(() -> registry.tenant(tenant), "Tenant '" + tenant + "' is not registered");
        }
    }

    private static void lookUp(Runnable call, String notFound) {
        try {
            call.run();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw ApiException.notFound(notFound);
            }
            throw new ApiException(503, "Model registry answered " + status + "; try again shortly");
        } catch (ProcessingException | TimeoutException e) {
            throw new ApiException(503, "Model registry is unreachable; try again shortly");
        }
    }
}
