package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.EventCategory;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.NewEvent;
import dev.stacksolo.registry.types.NewSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The audit trail: a command that changes the registry runs as an event-log session (who ran it,
 * where, with which arguments, secrets masked), logs what it changed as events, and ends the
 * session with its exit code, so that {@code stacksolo events list} shows who changed what and when.
 *
 * <p>Logging never decides the outcome: when the log cannot be written (a read-only registry),
 * the command runs unlogged. One per command run; not thread-safe.
 */
final class Audit {

    /** The change a command makes, given the audit to log its events into. */
    @FunctionalInterface
    interface Change<T> {
        T run(Audit audit);
    }

    private final Registry registry;
    private final Optional<LogSession> session;
    private final Optional<String> project;

    private Audit(Registry registry, Optional<LogSession> session, Optional<String> project) {
        this.registry = registry;
        this.session = session;
        this.project = project;
    }

    /**
     * Runs {@code change} as a logged session of {@code command} for {@code project} (empty when the
     * command concerns no one project); a failure is logged with its message, then rethrown.
     */
    static <T> T record(Cli cli, CommandSpec spec, String command, Optional<String> project,
            Optional<String> gcpProjectId, Optional<Path> configFile, Change<T> change) {
        Registry registry = cli.registry();
        Audit audit = new Audit(registry, start(registry, spec, command, project, gcpProjectId, configFile), project);
        T result;
        try {
            result = change.run(audit);
        } catch (RuntimeException failure) {
            // a failing statement's message can quote its values (a config's password)
            audit.event("command_failed", Audit.details("error",
                    String.valueOf(Secrets.maskDatabaseMessage(String.valueOf(failure.getMessage())))));
            audit.end(1);
            throw failure;
        }
        audit.end(0);
        StandardOutput.changed("stacksolo " + command);
        return result;
    }

    private static Optional<LogSession> start(Registry registry, CommandSpec spec, String command,
            Optional<String> project, Optional<String> gcpProjectId, Optional<Path> configFile) {
        if (registry.isReadOnly()) {
            return Optional.empty();
        }
        NewSession input = NewSession.of(command).withArgs(loggedArgs(spec));
        if (project.isPresent()) {
            input = input.withProject(project.get(), gcpProjectId.orElse(null));
        }
        if (configFile.isPresent() && Files.isRegularFile(configFile.get())) {
            input = input.withConfigHash(RegistryService.hashFile(configFile.get()));
        }
        try {
            return Optional.of(registry.events().startSession(input));
        } catch (RegistryException cannotLog) {
            return Optional.empty();
        }
    }

    /**
     * Logs a change as one complete session ({@code session_start}, the event, {@code session_end}),
     * for commands whose log must not sit in the middle of their own work: {@code registry import}
     * (the imported events keep their ids, so the log follows them) and {@code registry migrate}
     * (logged in the source before the copy, so that the target receives the same rows and the
     * copy still verifies).
     */
    static void once(Registry registry, CommandSpec spec, String command, String eventType, Map<String, ?> data,
            int exitCode) {
        if (exitCode == 0 && !eventType.endsWith("_started")) {
            StandardOutput.changed("stacksolo " + command);
        }
        if (registry.isReadOnly()) {
            return;
        }
        try {
            LogSession session = registry.events().startSession(NewSession.of(command).withArgs(loggedArgs(spec)));
            registry.events().logEvent(session.id(), NewEvent.of(EventCategory.INTERNAL, eventType).withData(data));
            registry.events().endSession(session.id(), exitCode);
        } catch (RegistryException cannotLog) {
            // the change stands; its log line is lost
        }
    }

    /**
     * The command line as logged: as typed, except that the values given to {@code outputs set} are
     * left out (keys only: any of them may be a secret, whatever its name); the event log masks the
     * rest (URLs with passwords, {@code --error} texts).
     */
    static List<String> loggedArgs(CommandSpec spec) {
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        if (!(spec.userObject() instanceof OutputsCommand.Set set) || set.pairs.isEmpty()) {
            return List.copyOf(args);
        }
        java.util.Set<String> pairs = new java.util.HashSet<>(set.pairs);
        return args.stream().map(arg -> pairs.contains(arg) && arg.indexOf('=') > 0
                ? arg.substring(0, arg.indexOf('=') + 1) + Secrets.MASK : arg).toList();
    }

    /** Details in the order given ({@code key, value, key, value…}), so the log reads the same every time. */
    static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    /** Logs that the command changed something: an {@code internal} event with details (masked). */
    void event(String type, Map<String, ?> data) {
        if (session.isEmpty()) {
            return;
        }
        NewEvent event = NewEvent.of(EventCategory.INTERNAL, type).withData(data);
        try {
            registry.events().logEvent(session.get().id(), project.map(event::withProject).orElse(event));
        } catch (RegistryException cannotLog) {
            // the change stands; its log line is lost
        }
    }

    private void end(int exitCode) {
        session.ifPresent(started -> {
            try {
                registry.events().endSession(started.id(), exitCode);
            } catch (RegistryException cannotLog) {
                // as above
            }
        });
    }
}
