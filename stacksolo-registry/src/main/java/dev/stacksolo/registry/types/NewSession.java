package dev.stacksolo.registry.types;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session to start with {@code startSession}. Build one with {@link #of(String)} and the
 * {@code with…} methods. Immutable.
 *
 * @param command the command that runs ({@code deploy}, {@code register}…)
 * @param args its arguments (masked before they are stored)
 * @param configHash the sha256 of the project config it uses
 * @param projectName the project it runs for
 * @param gcpProjectId the GCP project it runs against
 */
public record NewSession(String command, List<String> args, Optional<String> configHash,
        Optional<String> projectName, Optional<String> gcpProjectId) {

    /** Checks the fields. */
    public NewSession {
        Objects.requireNonNull(command, "command");
        args = List.copyOf(args);
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(gcpProjectId, "gcpProjectId");
    }

    /** A session of {@code command} with no arguments and no project. */
    public static NewSession of(String command) {
        return new NewSession(command, List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** With these arguments. */
    public NewSession withArgs(List<String> args) {
        return new NewSession(command, args, configHash, projectName, gcpProjectId);
    }

    /** For this project. */
    public NewSession withProject(String projectName, String gcpProjectId) {
        return new NewSession(command, args, configHash, Optional.of(projectName), Optional.ofNullable(gcpProjectId));
    }

    /** With the hash of the config it uses. */
    public NewSession withConfigHash(String configHash) {
        return new NewSession(command, args, Optional.of(configHash), projectName, gcpProjectId);
    }
}
