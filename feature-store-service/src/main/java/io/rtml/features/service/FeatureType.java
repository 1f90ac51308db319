package io.rtml.features.service;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The value types a feature can declare. {@link #normalize} checks an incoming JSON value and gives the
 * form that is stored; {@link #fromStored} turns a stored value back into the declared Java type, so
 * INT64 reads as a long and FP64 as a double whatever JSON number form went through the database.
 */
public enum FeatureType {
    FP64, INT64, STRING, BOOL;

    public static final String NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    public boolean numeric() {
        return this == FP64 || this == INT64;
    }

    /** The stored form of {@code raw}, or {@link IllegalArgumentException} saying why it is not one. Null stays null. */
    public Object normalize(Object raw) {
        if (raw == null) {
            return null;
        }
        return switch (this) {
            case FP64 -> {
                if (!(raw instanceof Number n)) {
                    throw mismatch(raw, "a number");
                }
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("value " + raw + " is not a finite FP64");
                }
                yield d;
            }
            case INT64 -> {
                if (!(raw instanceof Number n)) {
                    throw mismatch(raw, "an integer");
                }
                yield toLong(n);
            }
            case STRING -> {
                if (!(raw instanceof String s)) {
                    throw mismatch(raw, "a string");
                }
                yield s;
            }
            case BOOL -> {
                if (!(raw instanceof Boolean b)) {
                    throw mismatch(raw, "true or false");
                }
                yield b;
            }
        };
    }

    /** A stored value (JSON scalar as decoded by the database client, or its text) in the declared type. */
    public Object fromStored(Object stored) {
        if (stored == null) {
            return null;
        }
        return switch (this) {
            case FP64 -> stored instanceof Number n ? n.doubleValue() : Double.parseDouble(stored.toString());
            case INT64 -> stored instanceof Number n ? n.longValue() : Long.parseLong(stored.toString());
            case STRING -> stored.toString();
            case BOOL -> stored instanceof Boolean b ? b : Boolean.parseBoolean(stored.toString());
        };
    }

    private static long toLong(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        try {
            BigDecimal exact = n instanceof BigDecimal d ? d : n instanceof BigInteger i ? new BigDecimal(i)
                    : new BigDecimal(n.toString());
            return exact.longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("value " + n + " is not a 64-bit integer");
        }
    }

    private IllegalArgumentException mismatch(Object raw, String expected) {
        String shown = raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
        return new IllegalArgumentException("value " + shown + " is not " + expected + " (feature type " + name() + ")");
    }
}
