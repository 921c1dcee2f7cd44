package dev.stacksolo.registry.types;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One logged run of a command (a deploy, or a CLI command that changed the registry): one row of
 * {@code sessions}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id random UUID v4
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param command the command that ran ({@code deploy}, {@code register}…)
 * @param args its arguments, secrets masked
 * @param configHash the sha256 of the project config it used
 * @param projectName the project it ran for
 * @param gcpProjectId the GCP project it ran against
 * @param exitCode how it ended
 */
public record LogSession(
        String id,
        Instant startedAt,
        Optional<Instant> finishedAt,
        String command,
        List<String> args,
        Optional<String> configHash,
        Optional<String> projectName,
        Optional<String> gcpProjectId,
        Optional<Integer> exitCode) {

    /** Checks that no component is null. */
    public LogSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(command, "command");
        args = List.copyOf(args);
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(gcpProjectId, "gcpProjectId");
        Objects.requireNonNull(exitCode, "exitCode");
    }

    /** How long it ran, once it has ended; zero, never negative, when {@link #clockSkewed()}. */
    public Optional<Duration> duration() {
        // timestamps may come from hosts whose clocks disagree: never a negative duration
        return finishedAt.map(end -> end.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, end));
    }

    /**
     * Whether its end is recorded before its start (written by hosts whose clocks disagree):
     * {@link #duration()} is then zero, and views say so.
     */
    public boolean clockSkewed() {
        return finishedAt.map(end -> end.isBefore(startedAt)).orElse(false);
    }
}
