package io.rtml.features.service;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

import java.util.Collection;
import java.util.List;

/**
 * The HyperLogLog sketches of {@code distinct_count} aggregations (Apache DataSketches, {@code lgK = 12}:
 * 4,096 registers, a relative standard error of about 1.6 %, at most about 2.6 KB per tile; small counts
 * are kept exactly). A tile stores the sketch serialized; reads union the window's sketches.
 */
public final class Sketches {

    public static final int LG_K = 12;

    private Sketches() {
    }

    /** The serialized sketch of some values (as their text). */
    public static byte[] of(Collection<String> values) {
        HllSketch sketch = new HllSketch(LG_K, TgtHllType.HLL_4);
        values.forEach(sketch::update);
        return sketch.toCompactByteArray();
    }

    /** The serialized sketch of the union of two serialized sketches. */
    public static byte[] union(byte[] a, byte[] b) {
        Union union = new Union(LG_K);
        union.update(HllSketch.heapify(a));
        union.update(HllSketch.heapify(b));
        return union.getResult(TgtHllType.HLL_4).toCompactByteArray();
    }

    /** The estimated number of distinct values in the union of the sketches, rounded to a whole number. */
    public static long estimate(List<byte[]> sketches) {
        Union union = new Union(LG_K);
        sketches.forEach(s -> union.update(HllSketch.heapify(s)));
        return Math.round(union.getEstimate());
    }

    /** The text a value is counted by: distinct values of one feature have distinct texts. */
    public static String key(Object value) {
        return String.valueOf(value);
    }
}
