package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of a resource to change; empty fields are left as they are.
 *
 * <p>Setting outputs also sets the status to {@code ready} and stamps {@code lastDeployedAt}, unless
 * this input sets those too. Build one with {@link #builder()}. Immutable.
 *
 * @param type a new logical type
 * @param network a new network
 * @param resourceType a new provider type
 * @param config a new configuration
 * @param outputs new outputs (replacing the old ones)
 * @param status a new status
 * @param pulumiUrn a new Pulumi URN
 * @param lastDeployedAt a new last-deployed time
 * @param sensitiveOutputs the output keys known sensitive, replacing the ones marked before
 *     (see {@link RegistryResource#sensitiveOutputs()})
 */
public record UpdateResourceInput(
        Optional<ResourceType> type, Optional<String> network, Optional<String> resourceType,
        Optional<Map<String, Object>> config, Optional<Map<String, Object>> outputs,
        Optional<ResourceStatus> status, Optional<String> pulumiUrn, Optional<Instant> lastDeployedAt,
        Optional<Set<String>> sensitiveOutputs) {

    /**
     * Checks that no field is null and that a new network name follows the naming rules.
     *
     * @throws dev.stacksolo.registry.InvalidNameException when the network name breaks the rules
     */
    public UpdateResourceInput {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(network, "network").ifPresent(n -> Names.requireSegment("network", n));
        Objects.requireNonNull(resourceType, "resourceType");
        config = Objects.requireNonNull(config, "config").map(Frozen::map);
        outputs = Objects.requireNonNull(outputs, "outputs").map(Frozen::map);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pulumiUrn, "pulumiUrn");
        Objects.requireNonNull(lastDeployedAt, "lastDeployedAt");
        sensitiveOutputs = Objects.requireNonNull(sensitiveOutputs, "sensitiveOutputs").map(Set::copyOf);
    }

    /** An input that leaves the sensitive keys as they are. */
    public UpdateResourceInput(Optional<ResourceType> type, Optional<String> network, Optional<String> resourceType,
            Optional<Map<String, Object>> config, Optional<Map<String, Object>> outputs,
            Optional<ResourceStatus> status, Optional<String> pulumiUrn, Optional<Instant> lastDeployedAt) {
        this(type, network, resourceType, config, outputs, status, pulumiUrn, lastDeployedAt, Optional.empty());
    }

    /** Starts a builder that changes nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link UpdateResourceInput}. Not thread-safe. */
    public static final class Builder {
        private ResourceType type;
        private String network;
        private String resourceType;
        private Map<String, Object> config;
        private Map<String, Object> outputs;
        private ResourceStatus status;
        private String pulumiUrn;
        private Instant lastDeployedAt;
        private Set<String> sensitiveOutputs;

        private Builder() {}

        /**
         * Replaces the output keys known sensitive: views show their values as {@code <sensitive>}
         * unless secrets are asked for.
         */
        public Builder sensitiveOutputs(Set<String> keys) {
            this.sensitiveOutputs = Set.copyOf(keys);
            return this;
        }

        /** Changes the logical type. */
        public Builder type(ResourceType type) {
            this.type = type;
            return this;
        }

        /** Moves the resource to another network. */
        public Builder network(String network) {
            this.network = network;
            return this;
        }

        /** Changes the provider type. */
        public Builder resourceType(String resourceType) {
            this.resourceType = resourceType;
            return this;
        }

        /** Replaces the configuration. */
        public Builder config(Map<String, ?> config) {
            this.config = Frozen.map(config);
            return this;
        }

        /** Replaces the outputs. */
        public Builder outputs(Map<String, ?> outputs) {
            this.outputs = Frozen.map(outputs);
            return this;
        }

        /** Changes the status. */
        public Builder status(ResourceStatus status) {
            this.status = status;
            return this;
        }

        /** Changes the Pulumi URN. */
        public Builder pulumiUrn(String pulumiUrn) {
            this.pulumiUrn = pulumiUrn;
            return this;
        }

        /** Changes the last-deployed time. */
        public Builder lastDeployedAt(Instant lastDeployedAt) {
            this.lastDeployedAt = lastDeployedAt;
            return this;
        }

        /** Returns the input. */
        public UpdateResourceInput build() {
            return new UpdateResourceInput(Optional.ofNullable(type), Optional.ofNullable(network),
                    Optional.ofNullable(resourceType), Optional.ofNullable(config),
                    Optional.ofNullable(outputs), Optional.ofNullable(status),
                    Optional.ofNullable(pulumiUrn), Optional.ofNullable(lastDeployedAt),
                    Optional.ofNullable(sensitiveOutputs));
        }
    }
}
