package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A project registered on this machine or team registry: one row of {@code projects}.
 *
 * <p>Immutable and thread-safe. Absent values are {@link Optional#empty()}, never null.
 *
 * @param id random UUID v4 assigned at registration
 * @param name unique project name, the first segment of a reference
 * @param gcpProjectId the GCP project it deploys into
 * @param region the default region
 * @param configPath absolute path of its {@code stacksolo.config.json}, when known
 * @param configHash sha256 hex of that file's text when last registered or synced
 * @param status the project's status
 * @param lastDeployedAt when a deploy last succeeded
 * @param createdAt when it was registered
 * @param updatedAt when its row last changed
 */
public record RegistryProject(
        String id,
        String name,
        String gcpProjectId,
        String region,
        Optional<String> configPath,
        Optional<String> configHash,
        ProjectStatus status,
        Optional<Instant> lastDeployedAt,
        Instant createdAt,
        Instant updatedAt) {

    /** Checks that no component is null. */
    public RegistryProject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gcpProjectId, "gcpProjectId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(configPath, "configPath");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastDeployedAt, "lastDeployedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
