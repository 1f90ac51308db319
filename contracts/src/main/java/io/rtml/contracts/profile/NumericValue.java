package io.rtml.contracts.profile;

/**
 * The one rule for reading a feature value as a number, shared by the training baseline
 * ({@link DatasetProfile}, {@link NumericProfile}) and the monitor's live windows, so both bin a value the
 * same way: numbers as they are, booleans as 1 and 0, numeric text parsed (surrounding spaces ignored).
 * Anything else, and null, is NaN, which the profiles count as missing.
 */
public final class NumericValue {

    private NumericValue() {
    }

    public static double of(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value == null) {
            return Double.NaN;
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
