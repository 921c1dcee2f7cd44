package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of a project to change; empty fields are left as they are.
 *
 * <p>Build one with {@link #builder()}. Immutable.
 *
 * @param name a new name
 * @param gcpProjectId a new GCP project id
 * @param region a new region
 * @param configPath a new config file path
 * @param configHash a new config hash
 * @param status a new status
 * @param lastDeployedAt a new last-deployed time
 */
public record UpdateProjectInput(
        Optional<String> name, Optional<String> gcpProjectId, Optional<String> region,
        Optional<String> configPath, Optional<String> configHash, Optional<ProjectStatus> status,
        Optional<Instant> lastDeployedAt) {

    /**
     * Checks that no field is null and that a new name follows the naming rules.
     *
     * @throws dev.stacksolo.registry.InvalidNameException when the new name breaks the rules
     * @throws dev.stacksolo.registry.InvalidInputException when a new GCP project id or region is
     *     blank, or a new config path is not absolute (it is normalized)
     */
    public UpdateProjectInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gcpProjectId, "gcpProjectId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(configPath, "configPath");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastDeployedAt, "lastDeployedAt");
        name.ifPresent(Names::requireProjectName);
        gcpProjectId.ifPresent(value -> Inputs.requireText("gcpProjectId", value, "the GCP project it deploys into"));
        region.ifPresent(value -> Inputs.requireText("region", value, "its default region, such as us-central1"));
        configPath = Inputs.configPath(configPath);
    }

    /** Starts a builder that changes nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link UpdateProjectInput}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String gcpProjectId;
        private String region;
        private String configPath;
        private String configHash;
        private ProjectStatus status;
        private Instant lastDeployedAt;

        private Builder() {}

        /** Renames the project. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Changes the GCP project id. */
        public Builder gcpProjectId(String gcpProjectId) {
            this.gcpProjectId = gcpProjectId;
            return this;
        }

        /** Changes the region. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Changes the config file path. */
        public Builder configPath(String configPath) {
            this.configPath = configPath;
            return this;
        }

        /** Changes the config hash. */
        public Builder configHash(String configHash) {
            this.configHash = configHash;
            return this;
        }

        /** Changes the status. */
        public Builder status(ProjectStatus status) {
            this.status = status;
            return this;
        }

        /** Changes the last-deployed time. */
        public Builder lastDeployedAt(Instant lastDeployedAt) {
            this.lastDeployedAt = lastDeployedAt;
            return this;
        }

        /** Returns the input. */
        public UpdateProjectInput build() {
            return new UpdateProjectInput(Optional.ofNullable(name), Optional.ofNullable(gcpProjectId),
                    Optional.ofNullable(region), Optional.ofNullable(configPath),
                    Optional.ofNullable(configHash), Optional.ofNullable(status),
                    Optional.ofNullable(lastDeployedAt));
        }
    }
}
