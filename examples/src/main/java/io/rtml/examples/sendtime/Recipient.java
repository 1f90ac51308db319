package io.rtml.examples.sendtime;

import io.rtml.sdk.Row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One synthetic email recipient: the features the feature store holds and the model reads, when they
 * were recorded, and the true label — the 4-hour UTC window ({@code w0}..{@code w5}) they open in.
 */
public record Recipient(String entityKey, Instant eventTime, double tzOffset, String device, String industry,
                        long opens30d, long clicks30d, long daysSinceOpen, long usualOpenHour,
                        long usualOpenWeekday, String window) {

    /** The model's input row (what training uses and serving reads), named as in {@code recipient_profile}. */
    public Map<String, Object> features() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tz_offset", tzOffset);
        row.put("device", device);
        row.put("industry", industry);
        row.put("opens_30d", opens30d);
        row.put("clicks_30d", clicks30d);
        row.put("days_since_open", daysSinceOpen);
        row.put("usual_open_hour", usualOpenHour);
        row.put("usual_open_weekday", usualOpenWeekday);
        return row;
    }

    /**
     * What the feature store is sent: the profile row (every input but {@code opens_30d}) at the event time,
     * and one {@code opened} row per open, at times spread over the 21 days before it (seeded by the key, so
     * a run is repeatable); the store's {@code opens_30d} aggregation counts them back to {@link #opens30d}.
     */
    public List<Row> rows() {
        Map<String, Object> profile = features();
        profile.remove("opens_30d");
        List<Row> rows = new ArrayList<>((int) opens30d + 1);
        rows.add(new Row(entityKey, eventTime, profile));
        Random random = new Random(entityKey.hashCode());
        long spread = EngagementGenerator.OPEN_EVENT_SPREAD.toMillis();
        for (long i = 0; i < opens30d; i++) {
            rows.add(new Row(entityKey, eventTime.minusMillis((long) (random.nextDouble() * spread)),
                    Map.of(EngagementGenerator.OPENED, true)));
        }
        return rows;
    }
}
