package dev.stacksolo.registry.types;

import java.util.Objects;

/**
 * A cross-project reference found in a project config, with where it was found.
 *
 * @param path where the string sits, such as {@code project.networks[0].containers[1].env.DB_URL}
 * @param reference the parsed reference
 */
public record ConfigReference(String path, Reference reference) {

    /** Checks that no component is null. */
    public ConfigReference {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reference, "reference");
    }
}
