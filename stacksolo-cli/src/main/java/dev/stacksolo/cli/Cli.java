package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every subcommand needs: its output writers, whether to use colour, the working folder and
 * the registry (opened on first use, so that commands which need none stay fast).
 *
 * <p>One per command run; not thread-safe.
 */
final class Cli implements AutoCloseable {

    /** The config file a project folder holds, relative to the folder. */
    static final Path CONFIG_FILE = Path.of(".stacksolo", "stacksolo.config.json");

    private final PrintWriter rawOut;
    private final PrintWriter rawErr;
    // made on first use: `output` prints through rawOut and should load nothing more
    private PrintWriter out;
    private PrintWriter err;
    private final String registryOption;
    // a command that only reads, or one that changes what is recorded: a missing registry is not created
    private final boolean existingOnly;
    private Registry registry;
    private final java.util.List<dev.stacksolo.registry.CorruptRowException> unreadable = new java.util.ArrayList<>();

    Cli(PrintWriter out, PrintWriter err, String registryOption, boolean existingOnly) {
        this.rawOut = out;
        this.rawErr = err;
        this.registryOption = registryOption;
        this.existingOnly = existingOnly;
    }

    /** The context of the subcommand whose spec this is, for a command that may write. */
    static Cli of(CommandSpec spec) {
        return of(spec, false);
    }

    /**
     * The context of a command that only reads (list, status, output, …): its registry is never
     * created when missing, and is opened read-only when its file cannot be written
     * ({@link Registry#openExisting(String)}).
     */
    static Cli forReading(CommandSpec spec) {
        return of(spec, true);
    }

    /**
     * The context of a command that changes what is recorded (outputs set, deployment start and
     * finish, unlock, unregister): it cannot succeed without the project or deployment it names,
     * so a missing registry is not created either, and the command fails having changed nothing
     * ({@link Registry#openExisting(String)}).
     */
    static Cli forRecorded(CommandSpec spec) {
        return of(spec, true);
    }

    private static Cli of(CommandSpec spec, boolean existingOnly) {
        StackSoloCommand root = (StackSoloCommand) spec.root().userObject();
        return new Cli(spec.commandLine().getOut(), spec.commandLine().getErr(), root.registry, existingOnly);
    }

    /** Standard output: the answer, and nothing else. */
    PrintWriter out() {
        if (out == null) {
            // stored text can hold escape sequences: everything shown goes through the terminal-safe writer
            out = Terminal.safe(rawOut, style().enabled());
        }
        return out;
    }

    /**
     * Standard output as it is, for {@code output}: a value printed for {@code $(…)} must be the
     * value, byte for byte (its consumer's job to handle it).
     */
    PrintWriter rawOut() {
        return rawOut;
    }

    /** Standard error: errors, warnings and notices. */
    PrintWriter err() {
        if (err == null) {
            err = Terminal.safe(rawErr, false);
        }
        return err;
    }

    /** Colours for standard output: only on a terminal, never under {@code NO_COLOR}. */
    Style style() {
        return Style.forStdout();
    }

    /** The working folder. */
    Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    /**
     * The config file of the project in the working folder, with symbolic links resolved when it exists:
     * ownership of a project is by this path, so a config that is a link to another folder's config
     * is that other config (the same file), not a second owner.
     */
    Path configFile() {
        Path file = workingDirectory().resolve(CONFIG_FILE);
        try {
            return file.toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            return file; // missing or unreadable: ProjectConfig.read says so, naming the plain path
        }
    }

    /**
     * The registry location: {@code --registry}, else {@code STACKSOLO_REGISTRY_URL}, else
     * {@code STACKSOLO_REGISTRY_PATH}, else {@code ~/.stacksolo/registry.db}.
     */
    String location() {
        return Optional.ofNullable(registryOption).filter(r -> !r.isBlank()).orElseGet(Registry::defaultLocation);
    }

    /** Held, so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static java.util.logging.Logger postgresDriverLog;

    /**
     * Silences the PostgreSQL driver's own log before a PostgreSQL registry is opened: it prints a URL
     * it cannot parse to stderr as a WARNING, password and all ({@code jdbc:postgresql://app:pw@host/db}:
     * "invalid port number: pw@host"), beside the error this command prints, masked. Loaded only for
     * PostgreSQL, so that {@code output} on SQLite starts no logging.
     */
    static void quietPostgresDriver(String location) {
        if (dev.stacksolo.registry.Locations.isPostgres(location)) {
            postgresDriverLog = java.util.logging.Logger.getLogger("org.postgresql");
            postgresDriverLog.setLevel(java.util.logging.Level.OFF);
        }
    }

    /**
     * The registry, opened on first use; notices from opening (a backup made) go to stderr. For a
     * command that only reads or changes what is recorded, a missing file is
     * {@link dev.stacksolo.registry.RegistryNotFoundException}.
     */
    Registry registry() {
        if (registry == null) {
            quietPostgresDriver(location());
            registry = existingOnly ? Registry.openExisting(location()) : Registry.open(location());
            if (!registry.notices().isEmpty()) { // `output` without notices loads no writer of ours
                for (String notice : registry.notices()) {
                    err().println("note: " + notice);
                }
                err().flush();
            }
        }
        return registry;
    }

    /**
     * Where a listing reports a row it cannot read (JSON another tool wrote badly): an error line
     * naming it on stderr, while the other rows are shown; the command then exits 1 ({@link #exitCode()}).
     */
    java.util.function.Consumer<dev.stacksolo.registry.CorruptRowException> skipUnreadable() {
        return row -> {
            unreadable.add(row);
            err().println("error: skipped a row: " + row.getMessage());
            err().flush();
        };
    }

    /** 0, or 1 when a listing skipped rows it could not read. */
    int exitCode() {
        return unreadable.isEmpty() ? 0 : 1;
    }

    @Override
    public void close() {
        if (out != null) {
            out.flush();
        }
        if (err != null) {
            err.flush();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
