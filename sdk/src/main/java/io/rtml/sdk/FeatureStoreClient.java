package io.rtml.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.rtml.contracts.lineage.TrainingSetSnapshot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client of the feature store ({@code /api/v1}): declare entities and feature views, ingest rows with
 * event times, read online values and point-in-time-correct training sets. Thread-safe.
 */
public class FeatureStoreClient {

    /** Rows per ingestion call and entity keys / rows per read call. */
    public static final int BATCH_SIZE = 1_000;

    private final ServiceHttp http;

    public FeatureStoreClient(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60));
    }

    /** Calls {@code base} with bearer {@code token} (null: {@link ServiceHttp#defaultToken()}). */
    public FeatureStoreClient(URI base, String token) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60), token);
    }

    public FeatureStoreClient(URI base, HttpClient client, Duration requestTimeout) {
        this(base, client, requestTimeout, null);
    }

    public FeatureStoreClient(URI base, HttpClient client, Duration requestTimeout, String token) {
        this.http = new ServiceHttp(base, client, requestTimeout, token);
    }

    /** Declares an entity; answers false when it already existed (409), true when created. */
    public boolean createEntity(String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        return created(http.post("/api/v1/entities", body));
    }

    public boolean createFeatureView(String name, String entity, long ttlSeconds, List<FeatureSpec> features) {
        return createFeatureView(name, entity, ttlSeconds, features, null);
    }

    /** Declares a feature view; answers false when one of that name already existed (409). */
    public boolean createFeatureView(String name, String entity, long ttlSeconds, List<FeatureSpec> features,
                                     String description) {
        return createFeatureView(name, entity, ttlSeconds, features, List.of(), description);
    }

    /**
     * Declares a feature view with window aggregations over its features (every event counts, however late it
     * arrives; the store counts an identical event once). Answers false when the view existed (409).
     */
    public boolean createFeatureView(String name, String entity, long ttlSeconds, List<FeatureSpec> features,
                                     List<AggregationSpec> aggregations, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("entity", entity);
        body.put("ttlSeconds", ttlSeconds);
        body.put("description", description);
        body.put("features", features);
        if (!aggregations.isEmpty()) {
            body.put("aggregations", aggregations);
        }
        return created(http.post("/api/v1/feature-views", body));
    }

    /**
     * Upserts rows in batches of {@value #BATCH_SIZE}; answers how many the store took. A batch the store
     * refuses (400 naming the row and feature) stops the upload: earlier batches stay stored.
     */
    public long upsertRows(String view, List<Row> rows) {
        long upserted = 0;
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<Row> batch = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
            Upserted answer = http.expect(http.post("/api/v1/feature-views/" + RegistryClient.segment(view) + "/rows",
                    Map.of("rows", batch)), Upserted.class);
            upserted += answer.upserted();
        }
        return upserted;
    }

    /** The newest values of {@code refs} ({@code view:feature}) for each key, in key order. */
    public List<FeatureResult> onlineFeatures(List<String> refs, List<String> entityKeys) {
        return read("/api/v1/online-features", refs, "entityKeys", entityKeys);
    }

    /**
     * The training-set read: for each entity row the newest values with event time at or before the row's
     * timestamp (never a value from its future) that had also been ingested by then ({@link AsOf#KNOWN}),
     * in row order.
     */
    public List<FeatureResult> historicalFeatures(List<String> refs, List<EntityRow> entityRows) {
        return historicalFeatures(refs, entityRows, AsOf.KNOWN);
    }

    /** The training-set read with an explicit {@link AsOf}: {@link AsOf#EVENT} only for known-clean backfills. */
    public List<FeatureResult> historicalFeatures(List<String> refs, List<EntityRow> entityRows, AsOf asOf) {
        return read("/api/v1/historical-features", refs, "entityRows", entityRows, asOf);
    }

    /**
     * The training-set read ({@link #historicalFeatures(List, List, AsOf)}) together with its
     * {@link TrainingSetSnapshot}: the digest of the entity rows, their count and time range, the as-of mode
     * and when the read was made, for {@link VersionMetadata.Builder#trainingSet}.
     */
    public TrainingSet trainingSet(List<String> refs, List<EntityRow> entityRows, AsOf asOf) {
        Instant readAt = Instant.now();
        List<FeatureResult> results = historicalFeatures(refs, entityRows, asOf);
        String digest = TrainingSetSnapshot.digest(entityRows.stream().map(EntityRow::entityKey).toList(),
                entityRows.stream().map(EntityRow::timestamp).toList());
        Instant from = entityRows.stream().map(EntityRow::timestamp).min(Comparator.naturalOrder()).orElse(null);
        Instant to = entityRows.stream().map(EntityRow::timestamp).max(Comparator.naturalOrder()).orElse(null);
        return new TrainingSet(results, new TrainingSetSnapshot(digest, (long) entityRows.size(), asOf.wireName(),
                readAt, from, to, List.copyOf(refs)));
    }

    /** Reads {@code refs} for {@code items} (keys or entity rows) in calls of {@value #BATCH_SIZE}. */
    private List<FeatureResult> read(String path, List<String> refs, String itemsField, List<?> items) {
        return read(path, refs, itemsField, items, null);
    }

    private List<FeatureResult> read(String path, List<String> refs, String itemsField, List<?> items, AsOf asOf) {
        List<FeatureResult> out = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += BATCH_SIZE) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("features", refs);
            body.put(itemsField, items.subList(from, Math.min(items.size(), from + BATCH_SIZE)));
            if (asOf != null) {
                body.put("asOf", asOf);
            }
            out.addAll(http.expect(http.post(path, body), Results.class).results());
        }
        return out;
    }

    private static boolean created(HttpResponse<byte[]> response) {
        if (response.statusCode() == 409) {
            return false;
        }
        if (response.statusCode() / 100 != 2) {
            throw ServiceHttp.error(response);
        }
        return true;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Upserted(long upserted) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Results(List<FeatureResult> results) {
    }
}
