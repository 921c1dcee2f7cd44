package dev.stacksolo.registry.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a project's outputs changed between two points (two deployments, or a deployment and now):
 * one entry per resource whose outputs differ.
 *
 * <p>Immutable and thread-safe.
 *
 * @param projectId the project
 * @param from the deployment the comparison starts at; empty when it starts before any
 *     (everything then counts as added)
 * @param to the deployment it ends at; empty for now
 * @param resources the resources whose outputs differ, by network and name
 */
public record OutputsDiff(String projectId, Optional<String> from, Optional<String> to,
        List<ResourceOutputsDiff> resources) {

    /** Checks that no component is null, and freezes the list. */
    public OutputsDiff {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        resources = List.copyOf(resources);
    }

    /** Whether nothing changed. */
    public boolean isEmpty() {
        return resources.isEmpty();
    }
}
