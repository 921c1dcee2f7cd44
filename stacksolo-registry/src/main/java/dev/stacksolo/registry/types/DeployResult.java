package dev.stacksolo.registry.types;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole deploy's result, written by {@code recordDeployResult} in one transaction: the outputs of
 * every resource it touched, the deployment row with its end, and the project's new status.
 *
 * <p>A succeeded {@code deploy} marks the project deployed, a succeeded {@code destroy} marks it
 * destroyed, a failure marks it failed; a {@code preview} leaves the project's status alone.
 * Build one with {@link #succeeded(String)} or {@link #failed(String, String)}. Immutable.
 *
 * @param projectId the project deployed
 * @param action what the run did
 * @param configSnapshot the project config the run used
 * @param logPath where the run's log was written
 * @param outputs new outputs by resource id
 * @param status {@code succeeded} or {@code failed}
 * @param error why it failed
 */
public record DeployResult(
        String projectId, DeploymentAction action, Map<String, Object> configSnapshot,
        Optional<String> logPath, Map<String, Map<String, Object>> outputs, DeploymentStatus status,
        Optional<String> error) {

    /** Checks the fields; the status must be a final one. */
    public DeployResult {
        Objects.requireNonNull(projectId, "projectId is required");
        Objects.requireNonNull(action, "action is required");
        configSnapshot = Frozen.map(configSnapshot);
        Objects.requireNonNull(logPath, "logPath");
        Map<String, Map<String, Object>> frozen = new LinkedHashMap<>();
        Objects.requireNonNull(outputs, "outputs").forEach((id, values) -> frozen.put(id, Frozen.map(values)));
        outputs = java.util.Collections.unmodifiableMap(frozen);
        if (status != DeploymentStatus.SUCCEEDED && status != DeploymentStatus.FAILED) {
            throw new IllegalArgumentException("a deploy result is succeeded or failed, not " + status);
        }
        Objects.requireNonNull(error, "error");
    }

    /** Starts a successful result for {@code projectId}. */
    public static Builder succeeded(String projectId) {
        return new Builder(projectId, DeploymentStatus.SUCCEEDED, null);
    }

    /** Starts a failed result for {@code projectId}, with the reason. */
    public static Builder failed(String projectId, String error) {
        return new Builder(projectId, DeploymentStatus.FAILED, Objects.requireNonNull(error, "error"));
    }

    /** Builds a {@link DeployResult}. Not thread-safe. */
    public static final class Builder {
        private final String projectId;
        private final DeploymentStatus status;
        private final String error;
        private DeploymentAction action = DeploymentAction.DEPLOY;
        private Map<String, Object> configSnapshot = Map.of();
        private String logPath;
        private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();

        private Builder(String projectId, DeploymentStatus status, String error) {
            this.projectId = projectId;
            this.status = status;
            this.error = error;
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

        /** Sets the outputs of one resource (its status becomes {@code ready}). */
        public Builder outputs(String resourceId, Map<String, ?> values) {
            outputs.put(Objects.requireNonNull(resourceId, "resourceId"), Frozen.map(values));
            return this;
        }

        /** Returns the result. */
        public DeployResult build() {
            return new DeployResult(projectId, action, configSnapshot, Optional.ofNullable(logPath),
                    outputs, status, Optional.ofNullable(error));
        }
    }
}
