package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * @param sensitiveOutputs the output keys known sensitive (marked by Terraform's {@code sensitive},
 *     {@code outputs set --sensitive} or the library's inputs; every output key of a {@code secret}
 *     resource): views show their values as {@code <sensitive>} unless secrets are asked for. Keys
 *     marked but not (or no longer) among the outputs are kept: a key that comes back stays marked.
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
        Set<String> sensitiveOutputs,
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
        Objects.requireNonNull(sensitiveOutputs, "sensitiveOutputs");
        if (type == ResourceType.SECRET && outputs.isPresent() && !outputs.get().isEmpty()) {
            // a secret resource exists to hold secrets: every output of it is sensitive
            Set<String> sensitive = new TreeSet<>(sensitiveOutputs);
            sensitive.addAll(outputs.get().keySet());
            sensitiveOutputs = Collections.unmodifiableSet(sensitive);
        } else {
            sensitiveOutputs = Set.copyOf(sensitiveOutputs); // Set.of() itself when none: the common case
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pulumiUrn, "pulumiUrn");
        Objects.requireNonNull(lastDeployedAt, "lastDeployedAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A resource with no output marked sensitive (a {@code secret} resource's outputs still are). */
    public RegistryResource(String id, String projectId, ResourceType type, String name, Optional<String> network,
            String resourceType, Map<String, Object> config, Optional<Map<String, Object>> outputs,
            ResourceStatus status, Optional<String> pulumiUrn, Optional<Instant> lastDeployedAt, Instant createdAt,
            Instant updatedAt) {
        this(id, projectId, type, name, network, resourceType, config, outputs, Set.of(), status, pulumiUrn,
                lastDeployedAt, createdAt, updatedAt);
    }

    /** Whether the output under {@code key} is known sensitive (see {@link #sensitiveOutputs()}). */
    public boolean isSensitive(String key) {
        return sensitiveOutputs.contains(key);
    }
}
