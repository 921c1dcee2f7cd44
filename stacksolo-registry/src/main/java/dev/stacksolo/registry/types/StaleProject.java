package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A project whose last successful deploy read values that have changed since: it runs with old
 * values until it is deployed again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param project the project's name
 * @param projectId the project's id
 * @param deploymentId its last successful deployment, whose baselines are compared
 * @param deployedAt when that deployment recorded them
 * @param references the references that resolve differently now, by reference
 * @param inCycle whether the project is part of a cycle of projects reading from each other (its
 *     place in the redeploy order is then only by name)
 */
public record StaleProject(String project, String projectId, String deploymentId, Instant deployedAt,
        List<StaleReference> references, boolean inCycle) {

    /** Checks that no component is null and copies the list. */
    public StaleProject {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(deployedAt, "deployedAt");
        references = List.copyOf(references);
    }
}
