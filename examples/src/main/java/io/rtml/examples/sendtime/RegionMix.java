package io.rtml.examples.sendtime;

import java.util.List;
import java.util.Random;

/**
 * Where recipients live, as shares of three regions. The region decides only a recipient's time-zone
 * offset; every other feature is drawn independently of it, so a change of mix moves {@code tz_offset}
 * (and, through the UTC conversion, the label) and nothing else.
 */
public record RegionMix(double americas, double europe, double asiaPacific) {

    /** Today's client base: mostly the Americas and Europe. */
    public static final RegionMix BASELINE = new RegionMix(0.55, 0.40, 0.05);

    /** A new client base in Asia-Pacific. */
    public static final RegionMix SHIFTED = new RegionMix(0.10, 0.15, 0.75);

    /** UTC offsets (hours) of each region, drawn uniformly. */
    static final List<Double> AMERICAS_OFFSETS = List.of(-8.0, -7.0, -6.0, -5.0, -4.0, -3.0);
    static final List<Double> EUROPE_OFFSETS = List.of(0.0, 1.0, 2.0, 3.0);
    static final List<Double> ASIA_PACIFIC_OFFSETS = List.of(5.5, 7.0, 8.0, 9.0, 10.0);

    public RegionMix {
        double sum = americas + europe + asiaPacific;
        if (americas < 0 || europe < 0 || asiaPacific < 0 || Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("region shares must be non-negative and add up to 1, were "
                    + americas + ", " + europe + ", " + asiaPacific);
        }
    }

    /** A time-zone offset drawn from this mix. */
    double drawOffset(Random random) {
        double u = random.nextDouble();
        List<Double> offsets = u < americas ? AMERICAS_OFFSETS
                : u < americas + europe ? EUROPE_OFFSETS : ASIA_PACIFIC_OFFSETS;
        return offsets.get(random.nextInt(offsets.size()));
    }
}
