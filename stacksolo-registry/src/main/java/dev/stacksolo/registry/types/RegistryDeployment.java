package dev.stacksolo.registry.types;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One deploy, destroy or preview run of a project: one row of {@code deployments}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id random UUID v4
 * @param projectId the project deployed
 * @param action what the run did
 * @param status where the run is
 * @param configSnapshot the project config the run used
 * @param logPath where the run's log was written
 * @param error why the run failed
 * @param startedAt when the run was recorded
 * @param completedAt when it reached {@code succeeded} or {@code failed}
 */
public record RegistryDeployment(
        String id,
        String projectId,
        DeploymentAction action,
        DeploymentStatus status,
        Map<String, Object> configSnapshot,
        Optional<String> logPath,
        Optional<String> error,
        Instant startedAt,
        Optional<Instant> completedAt) {

    /** Checks that no component is null. */
    public RegistryDeployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        configSnapshot = Frozen.map(configSnapshot);
        Objects.requireNonNull(logPath, "logPath");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /** How long the run took, once it has completed; zero, never negative, when {@link #clockSkewed()}. */
    public Optional<Duration> duration() {
        // timestamps may come from hosts whose clocks disagree: never a negative duration
        return completedAt.map(end -> end.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, end));
    }

    /**
     * Whether its end is recorded before its start (written by hosts whose clocks disagree):
     * {@link #duration()} is then zero, and views say so.
     */
    public boolean clockSkewed() {
        return completedAt.map(end -> end.isBefore(startedAt)).orElse(false);
    }
}
