package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one cross-project reference of a project resolved to when the project's last deploy
 * succeeded: the value's keyed hash (never the value), the resource and output version it came
 * from, and that deployment.
 *
 * <p>Immutable and thread-safe.
 *
 * @param projectId the project that reads the reference
 * @param reference the reference as written in its config
 * @param valueHash HMAC-SHA-256 (hex) of the value under the registry's key; empty when the
 *     reference did not resolve at deploy time
 * @param resourceId the resource that held the value; empty when it did not resolve
 * @param property the property read (the type's default when the reference names none)
 * @param versionId the newest output version of that resource at deploy time, when versions are kept
 * @param deploymentId the deployment that succeeded
 * @param recordedAt when it was recorded (the deployment's end)
 */
public record ReferenceBaseline(String projectId, String reference, Optional<String> valueHash,
        Optional<String> resourceId, Optional<String> property, Optional<Long> versionId, String deploymentId,
        Instant recordedAt) {

    /** Checks that no component is null. */
    public ReferenceBaseline {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(valueHash, "valueHash");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
