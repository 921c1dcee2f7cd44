package dev.stacksolo.registry.types;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A resource to record for a project, by {@code createResource}, {@code registerResource} or
 * {@code upsertResources}.
 *
 * <p>Build one with {@link #builder()}; project id (except for upserts, which take it separately),
 * type, name and provider type are required. Immutable.
 *
 * @param projectId the owning project's id
 * @param type the logical type
 * @param name the resource name (lowercase letters, digits, hyphens)
 * @param network the network it belongs to; empty for project-level resources
 * @param resourceType the provider type, such as {@code gcp-cdktf:cloud_run}
 * @param config its configuration (a JSON object)
 * @param outputs outputs already known
 * @param status the initial status; {@code pending} when empty
 * @param pulumiUrn the Pulumi URN
 * @param sensitiveOutputs the output keys known sensitive (see {@link RegistryResource#sensitiveOutputs()})
 */
public record CreateResourceInput(
        String projectId, ResourceType type, String name, Optional<String> network,
        String resourceType, Map<String, Object> config, Optional<Map<String, Object>> outputs,
        Optional<ResourceStatus> status, Optional<String> pulumiUrn, Set<String> sensitiveOutputs) {

    /**
     * Checks the required fields and the names.
     *
     * @throws dev.stacksolo.registry.InvalidNameException when the resource or network name breaks
     *     the naming rules
     */
    public CreateResourceInput {
        Objects.requireNonNull(projectId, "projectId is required");
        Objects.requireNonNull(type, "type is required");
        Names.requireSegment("resource", name);
        Objects.requireNonNull(network, "network").ifPresent(n -> Names.requireSegment("network", n));
        Objects.requireNonNull(resourceType, "resourceType is required");
        config = Frozen.map(config);
        outputs = Objects.requireNonNull(outputs, "outputs").map(Frozen::map);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pulumiUrn, "pulumiUrn");
        sensitiveOutputs = Set.copyOf(Objects.requireNonNull(sensitiveOutputs, "sensitiveOutputs"));
    }

    /** An input with no output marked sensitive. */
    public CreateResourceInput(String projectId, ResourceType type, String name, Optional<String> network,
            String resourceType, Map<String, Object> config, Optional<Map<String, Object>> outputs,
            Optional<ResourceStatus> status, Optional<String> pulumiUrn) {
        this(projectId, type, name, network, resourceType, config, outputs, status, pulumiUrn, Set.of());
    }

    /** Starts a builder with every field unset and an empty config. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a copy that belongs to {@code newProjectId}. */
    public CreateResourceInput withProjectId(String newProjectId) {
        return new CreateResourceInput(newProjectId, type, name, network, resourceType, config, outputs,
                status, pulumiUrn, sensitiveOutputs);
    }

    /** Builds a {@link CreateResourceInput}. Not thread-safe. */
    public static final class Builder {
        private String projectId = "";
        private ResourceType type;
        private String name;
        private String network;
        private String resourceType;
        private Map<String, Object> config = Map.of();
        private Map<String, Object> outputs;
        private ResourceStatus status;
        private String pulumiUrn;
        private Set<String> sensitiveOutputs = Set.of();

        private Builder() {}

        /**
         * Marks output keys as known sensitive: views show their values as {@code <sensitive>}
         * unless secrets are asked for.
         */
        public Builder sensitiveOutputs(Set<String> keys) {
            this.sensitiveOutputs = Set.copyOf(keys);
            return this;
        }

        /** Sets the owning project's id (not needed for {@code upsertResources}). */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** Sets the logical type. */
        public Builder type(ResourceType type) {
            this.type = type;
            return this;
        }

        /** Sets the resource name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the network; null or never called means a project-level resource. */
        public Builder network(String network) {
            this.network = network;
            return this;
        }

        /** Sets the provider type, such as {@code gcp-cdktf:cloud_run}. */
        public Builder resourceType(String resourceType) {
            this.resourceType = resourceType;
            return this;
        }

        /** Sets the configuration (a JSON object). */
        public Builder config(Map<String, ?> config) {
            this.config = Frozen.map(config);
            return this;
        }

        /** Sets outputs already known. */
        public Builder outputs(Map<String, ?> outputs) {
            this.outputs = Frozen.map(outputs);
            return this;
        }

        /** Sets the initial status. */
        public Builder status(ResourceStatus status) {
            this.status = status;
            return this;
        }

        /** Sets the Pulumi URN. */
        public Builder pulumiUrn(String pulumiUrn) {
            this.pulumiUrn = pulumiUrn;
            return this;
        }

        /**
         * Returns the input.
         *
         * @throws dev.stacksolo.registry.InvalidNameException when a name breaks the naming rules
         * @throws NullPointerException when the type or provider type is missing
         */
        public CreateResourceInput build() {
            return new CreateResourceInput(projectId, type, name, Optional.ofNullable(network),
                    resourceType, config, Optional.ofNullable(outputs), Optional.ofNullable(status),
                    Optional.ofNullable(pulumiUrn), sensitiveOutputs);
        }
    }
}
