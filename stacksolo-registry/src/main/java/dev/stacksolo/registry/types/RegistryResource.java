package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One cloud resource of a project (a container, a database, a bucket…): one row of {@code resources}.
 *
 * <p>Immutable and thread-safe: {@code config} and {@code outputs} are unmodifiable maps of JSON
 * values (String, Number, Boolean, null, List, Map).
 *
 * @param id random UUID v4
 * @param projectId the owning project's id
 * @param type the logical type, which also picks the default output property of a reference
 * @param name the name a reference uses, unique per project, network and type
 * @param network the network it belongs to; empty for project-level resources (buckets, topics…)
 * @param resourceType the provider type, such as {@code gcp-cdktf:cloud_run}
 * @param config the resource's configuration as declared
 * @param outputs what the deploy produced (url, connectionString, host…); empty until deployed
 * @param status the resource's status
 * @param pulumiUrn the Pulumi URN, when deployed by Pulumi
 * @param lastDeployedAt when its outputs were last set
 * @param createdAt when it was first recorded
 * @param updatedAt when its row last changed
 */
public record RegistryResource(
        String id,
        String projectId,
        ResourceType type,
        String name,
        Optional<String> network,
        String resourceType,
        Map<String, Object> config,
        Optional<Map<String, Object>> outputs,
        ResourceStatus status,
        Optional<String> pulumiUrn,
        Optional<Instant> lastDeployedAt,
        Instant createdAt,
        Instant updatedAt) {

    /** Checks that no component is null. */
    public RegistryResource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(resourceType, "resourceType");
        config = Frozen.map(config);
        outputs = Objects.requireNonNull(outputs, "outputs").map(Frozen::map);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pulumiUrn, "pulumiUrn");
        Objects.requireNonNull(lastDeployedAt, "lastDeployedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
