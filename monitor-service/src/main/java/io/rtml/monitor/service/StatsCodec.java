package io.rtml.monitor.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.contracts.profile.DatasetProfile;
import io.rtml.monitor.entity.WindowBucket;
import io.rtml.monitor.performance.ConfidenceHistogram;
import io.rtml.monitor.quality.InputQuality;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** Converts window statistics and profiles to and from their JSON columns. */
@ApplicationScoped
public class StatsCodec {

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public StatsCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public WindowStats read(WindowBucket row) {
        // confidence and input_quality are null in rows written before they existed (migration V6).
        return new WindowStats(profile(row.profile), read(row.outOfRange, COUNTS), read(row.classCounts, COUNTS),
                row.predictions, row.labelled, row.correct,
                row.confidence == null ? null : read(row.confidence, new TypeReference<ConfidenceHistogram>() {
                }),
                row.inputQuality == null ? null : read(row.inputQuality, new TypeReference<InputQuality>() {
                }));
    }

    /** Writes the statistics into the row's columns. */
    public void write(WindowStats stats, WindowBucket row) {
        row.profile = stats.profile() == null ? null : write(stats.profile());
        row.outOfRange = write(stats.outOfRange());
        row.classCounts = write(stats.classCounts());
        row.predictions = stats.predictions();
        row.labelled = stats.labelled();
        row.correct = stats.correct();
        row.confidence = write(stats.confidence());
        row.inputQuality = write(stats.quality());
    }

    public DatasetProfile profile(String json) {
        return json == null ? null : read(json, new TypeReference<DatasetProfile>() {
        });
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
