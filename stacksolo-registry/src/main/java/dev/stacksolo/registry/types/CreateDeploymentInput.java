package dev.stacksolo.registry.types;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment to record by {@code recordDeployment}.
 *
 * <p>Build one with {@link #builder()}; project id and action are required. Immutable.
 *
 * @param projectId the project deployed
 * @param action what the run does
 * @param configSnapshot the project config the run uses (a JSON object)
 * @param logPath where the run's log goes
 * @param status the initial status; {@code pending} when empty
 */
public record CreateDeploymentInput(
        String projectId, DeploymentAction action, Map<String, Object> configSnapshot,
        Optional<String> logPath, Optional<DeploymentStatus> status) {

    /** Checks the required fields. */
    public CreateDeploymentInput {
        Objects.requireNonNull(projectId, "projectId is required");
        Objects.requireNonNull(action, "action is required");
        configSnapshot = Frozen.map(configSnapshot);
        Objects.requireNonNull(logPath, "logPath");
        Objects.requireNonNull(status, "status");
    }

    /** Starts a builder for a {@code deploy} with an empty snapshot. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CreateDeploymentInput}. Not thread-safe. */
    public static final class Builder {
        private String projectId;
        private DeploymentAction action = DeploymentAction.DEPLOY;
        private Map<String, Object> configSnapshot = Map.of();
        private String logPath;
        private DeploymentStatus status;

        private Builder() {}

        /** Sets the project deployed. */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** Sets the action ({@code deploy} by default). */
        public Builder action(DeploymentAction action) {
            this.action = action;
            return this;
        }

        /** Sets the config snapshot. */
        public Builder configSnapshot(Map<String, ?> configSnapshot) {
            this.configSnapshot = Frozen.map(configSnapshot);
            return this;
        }

        /** Sets the log path. */
        public Builder logPath(String logPath) {
            this.logPath = logPath;
            return this;
        }

        /** Sets the initial status. */
        public Builder status(DeploymentStatus status) {
            this.status = status;
            return this;
        }

        /** Returns the input. */
        public CreateDeploymentInput build() {
            return new CreateDeploymentInput(projectId, action, configSnapshot,
                    Optional.ofNullable(logPath), Optional.ofNullable(status));
        }
    }
}
