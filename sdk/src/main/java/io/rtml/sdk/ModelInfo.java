package io.rtml.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A model as the registry shows it; {@code latestVersion} is 0 while it has no version. */
public record ModelInfo(String name, String description, String industry, String ingestionMode,
                        List<String> tags, String owner, Instant createdAt, Map<String, Integer> aliases,
                        int latestVersion) {
}
