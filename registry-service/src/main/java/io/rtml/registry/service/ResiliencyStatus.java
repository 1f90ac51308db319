package io.rtml.registry.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a version's data resiliency score stands; the catalogue filters by it ({@code resiliency=stale}). */
public enum ResiliencyStatus {
    OK, STALE, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ResiliencyStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(text)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(ResiliencyStatus::wireName).collect(Collectors.joining(", "));
    }
}
