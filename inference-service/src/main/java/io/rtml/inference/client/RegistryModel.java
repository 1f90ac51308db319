package io.rtml.inference.client;

import java.util.Map;

/** The parts of the registry's model record inference reads. */
public record RegistryModel(String name, Map<String, Integer> aliases, int latestVersion) {
}
