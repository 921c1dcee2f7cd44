package dev.stacksolo.registry.types;

import java.util.Objects;

/**
 * A project with the number of its resources, as {@code stacksolo list} shows it.
 *
 * @param project the project
 * @param resourceCount how many resources it has
 */
public record ProjectSummary(RegistryProject project, int resourceCount) {

    /** Checks the project is present and the count not negative. */
    public ProjectSummary {
        Objects.requireNonNull(project, "project");
        if (resourceCount < 0) {
            throw new IllegalArgumentException("resourceCount must not be negative: " + resourceCount);
        }
    }
}
