package dev.stacksolo.registry.types;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code registerProject} needs to know about a new project.
 *
 * <p>Build one with {@link #builder()}; name, GCP project id and region are required. Immutable.
 *
 * @param name the project name (lowercase letters, digits, hyphens)
 * @param gcpProjectId the GCP project it deploys into
 * @param region the default region
 * @param configPath the path of its {@code stacksolo.config.json}; hashed when the file exists
 * @param status the initial status; {@code pending} when empty
 */
public record CreateProjectInput(
        String name, String gcpProjectId, String region, Optional<String> configPath,
        Optional<ProjectStatus> status) {

    /**
     * Checks the required fields and the name.
     *
     * @throws dev.stacksolo.registry.InvalidNameException when the name breaks the naming rules
     * @throws dev.stacksolo.registry.InvalidInputException when the GCP project id or region is
     *     blank, or the config path is not absolute (a path with {@code .} or {@code ..} is normalized)
     */
    public CreateProjectInput {
        Names.requireProjectName(name);
        Inputs.requireText("gcpProjectId", gcpProjectId, "the GCP project it deploys into, such as my-gcp-project");
        Inputs.requireText("region", region, "its default region, such as us-central1");
        configPath = Inputs.configPath(Objects.requireNonNull(configPath, "configPath"));
        Objects.requireNonNull(status, "status");
    }

    /** Starts a builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CreateProjectInput}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String gcpProjectId;
        private String region;
        private String configPath;
        private ProjectStatus status;

        private Builder() {}

        /** Sets the project name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the GCP project id. */
        public Builder gcpProjectId(String gcpProjectId) {
            this.gcpProjectId = gcpProjectId;
            return this;
        }

        /** Sets the region. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Sets the config file path. */
        public Builder configPath(String configPath) {
            this.configPath = configPath;
            return this;
        }

        /** Sets the initial status. */
        public Builder status(ProjectStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Returns the input.
         *
         * @throws dev.stacksolo.registry.InvalidNameException when the name breaks the naming rules
         * @throws NullPointerException when the GCP project id or region is missing
         */
        public CreateProjectInput build() {
            return new CreateProjectInput(name, gcpProjectId, region, Optional.ofNullable(configPath),
                    Optional.ofNullable(status));
        }
    }
}
