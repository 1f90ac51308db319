package io.rtml.examples.sendtime;

import io.rtml.sdk.AggregationSpec;
import io.rtml.sdk.FeatureSpec;
import io.rtml.sdk.ValueType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic email engagement with a known generating process, seeded so every run is the same.
 *
 * <p>Each recipient has a region (from a {@link RegionMix}) that sets {@code tz_offset}, and, drawn
 * independently of the region: {@code device}, the sender's {@code industry}, {@code opens_30d},
 * {@code clicks_30d}, {@code days_since_open}, {@code usual_open_hour} (local) and
 * {@code usual_open_weekday}. The hour they actually open is the usual local hour plus a device nudge
 * (mobile later, desktop earlier), an industry nudge (news early, travel late) and Gaussian noise
 * (wider for recipients who have gone quiet); converted to UTC (local − offset) it gives the label, the
 * 4-hour UTC window {@code w0} (00-04) .. {@code w5} (20-24). A small share opens at a random time.
 */
public final class EngagementGenerator {

    /** The six send-time windows, four hours of the UTC day each. */
    public static final List<String> WINDOWS = List.of("w0", "w1", "w2", "w3", "w4", "w5");

    /** The model's input features, with their types, as the feature view serves them. */
    public static final List<FeatureSpec> FEATURES = List.of(
            new FeatureSpec("tz_offset", ValueType.FP64),
            new FeatureSpec("device", ValueType.STRING),
            new FeatureSpec("industry", ValueType.STRING),
            new FeatureSpec("opens_30d", ValueType.INT64),
            new FeatureSpec("clicks_30d", ValueType.INT64),
            new FeatureSpec("days_since_open", ValueType.INT64),
            new FeatureSpec("usual_open_hour", ValueType.INT64),
            new FeatureSpec("usual_open_weekday", ValueType.INT64));

    /** The stored feature written once per open; {@code opens_30d} is the store's count of them. */
    public static final String OPENED = "opened";

    /** What the view stores: the inputs except {@code opens_30d}, plus {@link #OPENED} (one row per open). */
    public static final List<FeatureSpec> STORED_FEATURES = java.util.stream.Stream.concat(
            FEATURES.stream().filter(f -> !f.name().equals("opens_30d")),
            java.util.stream.Stream.of(new FeatureSpec(OPENED, ValueType.BOOL))).toList();

    /** {@code opens_30d} is not precomputed: the feature store counts the open events of the last 30 days. */
    public static final List<AggregationSpec> AGGREGATIONS = List.of(AggregationSpec.count("opens_30d", OPENED, "30d"));

    /**
     * Open events lie up to this long before a recipient's event time (itself up to a week old), 28 days at
     * most: inside the 30-day window, whose whole 1-day buckets always reach back 29 days.
     */
    static final Duration OPEN_EVENT_SPREAD = Duration.ofDays(21);

    static final List<String> INDUSTRIES = List.of("retail", "travel", "news", "saas");
    private static final double[] INDUSTRY_SHARES = {0.35, 0.20, 0.25, 0.20};
    private static final double[] INDUSTRY_NUDGE_HOURS = {0.5, 1.0, -1.0, 0.0};
    private static final double MOBILE_SHARE = 0.6;
    private static final double MOBILE_NUDGE_HOURS = 0.75;
    private static final double DESKTOP_NUDGE_HOURS = -0.5;
    private static final double RANDOM_OPEN_SHARE = 0.05;
    private static final Duration EVENT_TIME_SPREAD = Duration.ofDays(7);

    private final Random random;
    private final Instant asOf;

    /**
     * @param asOf event times are spread over the week before this instant
     */
    public EngagementGenerator(long seed, Instant asOf) {
        this.random = new Random(seed);
        this.asOf = asOf;
    }

    /** {@code n} recipients keyed {@code r-1} .. {@code r-n}. */
    public List<Recipient> generate(int n, RegionMix mix) {
        return generate(n, mix, "r-", 1);
    }

    /** {@code n} recipients keyed {@code prefix + first} onwards. */
    public List<Recipient> generate(int n, RegionMix mix, String keyPrefix, int first) {
        List<Recipient> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(keyPrefix + (first + i), mix));
        }
        return out;
    }

    private Recipient next(String key, RegionMix mix) {
        double tz = mix.drawOffset(random);
        boolean mobile = random.nextDouble() < MOBILE_SHARE;
        int industry = pick(INDUSTRY_SHARES);
        long opens = (long) Math.floor(-Math.log(1 - random.nextDouble()) * 8.0);
        long clicks = 0;
        for (int i = 0; i < opens; i++) {
            clicks += random.nextDouble() < 0.2 ? 1 : 0;
        }
        long daysSinceOpen = opens > 0 ? (long) Math.floor(-Math.log(1 - random.nextDouble()) * 3.0)
                : 30 + random.nextInt(60);
        long usualHour = usualLocalHour();
        long weekday = random.nextDouble() < 0.8 ? random.nextInt(5) : 5 + random.nextInt(2);
        Instant eventTime = asOf.minusMillis((long) (random.nextDouble() * EVENT_TIME_SPREAD.toMillis()));

        double noiseSd = daysSinceOpen > 14 ? 2.0 : 1.0;
        double localOpen = usualHour + (mobile ? MOBILE_NUDGE_HOURS : DESKTOP_NUDGE_HOURS)
                + INDUSTRY_NUDGE_HOURS[industry] + random.nextGaussian() * noiseSd;
        double utcOpen = random.nextDouble() < RANDOM_OPEN_SHARE ? random.nextDouble() * 24 : localOpen - tz;
        String window = windowOf(utcOpen);
        return new Recipient(key, eventTime, tz, mobile ? "mobile" : "desktop", INDUSTRIES.get(industry),
                opens, clicks, daysSinceOpen, usualHour, weekday, window);
    }

    /** The window of a UTC hour (any real number; wrapped into the day). */
    static String windowOf(double utcHour) {
        double h = ((utcHour % 24) + 24) % 24;
        return WINDOWS.get(Math.min(5, (int) Math.floor(h / 4)));
    }

    /** Morning, lunchtime and evening readers. */
    private long usualLocalHour() {
        double u = random.nextDouble();
        double hour = u < 0.40 ? 8 + random.nextGaussian() * 1.2
                : u < 0.65 ? 12.5 + random.nextGaussian() * 1.2
                : 20 + random.nextGaussian() * 1.5;
        return Math.floorMod(Math.round(hour), 24);
    }

    private int pick(double[] shares) {
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < shares.length; i++) {
            acc += shares[i];
            if (u < acc) {
                return i;
            }
        }
        return shares.length - 1;
    }
}
