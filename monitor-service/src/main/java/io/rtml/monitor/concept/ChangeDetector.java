package io.rtml.monitor.concept;

/**
 * A sequential detector of a rise in the mean of a stream of values in [0, 1] (here: a model's errors).
 * After it reports a change it starts afresh from the next value.
 */
public interface ChangeDetector {

    /** Adds one value; true when this value completes the evidence of a change. */
    boolean add(double value);

    /** The name used in metrics and alerts ({@code page_hinkley}, {@code adwin}, {@code hddm_a}). */
    String name();
}
