package io.rtml.examples.sendtime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One synthetic email recipient: the features the feature store holds and the model reads, when they
 * were recorded, and the true label — the 4-hour UTC window ({@code w0}..{@code w5}) they open in.
 */
public record Recipient(String entityKey, Instant eventTime, double tzOffset, String device, String industry,
                        long opens30d, long clicks30d, long daysSinceOpen, long usualOpenHour,
                        long usualOpenWeekday, String window) {

    /** The feature row, named as in the feature view {@code recipient_profile}. */
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
}
