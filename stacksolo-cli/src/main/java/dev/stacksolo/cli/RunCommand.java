package dev.stacksolo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stacksolo run <resource> -- CMD [ARGS…]}: runs a command with a resource's resolved
 * {@code env} added to this environment, passes signals on to it and exits with its exit code.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a command with the env of a resource of the current folder's project config added",
            "to the environment, every reference resolved (as stacksolo env prints it). The command gets",
            "this terminal; SIGTERM, SIGINT and SIGHUP sent to stacksolo are passed on to it, and its exit",
            "code is stacksolo's (128+N when signal N ended it). In a terminal's foreground, SIGINT and",
            "SIGHUP are taken for the terminal's (Ctrl-C, hang-up), which reach the command already, and",
            "are not passed on: a kill -INT or -HUP of stacksolo's pid alone is not either there (use",
            "SIGTERM, or signal the process group). Without a terminal, a signal sent to the whole process",
            "group (kill -INT -- -PGID) reaches the command twice: directly, and passed on; send it to",
            "stacksolo's pid instead. When a reference does not resolve, every",
            "one that did not is named and nothing is run (exit 1); a command that cannot be found exits 127",
            "(so does a script whose #! interpreter is missing), one that cannot be executed 126, as with",
            "env(1). The values are never logged or printed."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo run api -- npm start",
            "  stacksolo run main/api --type container -- sh -c 'psql \"$DATABASE_URL\"'"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<resource>", description = "A resource of ./.stacksolo/stacksolo.config.json:"
            + " NAME, or NETWORK/NAME.")
    String resource;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments,"
            + " after -- (so that its options are its own).")
    List<String> command;

    @Option(names = "--type", paramLabel = "TYPE", description = "Its logical type (container, function…), when"
            + " two resources share the name.")
    String type;

    @Override
    public Integer call() {
        Map<String, String> env;
        try (Cli cli = Cli.forReading(spec)) {
            env = ResourceEnvironment.resolve(cli, resource, Optional.ofNullable(type));
            cli.out().flush();
        } // the registry is closed before the command runs: a long run holds no connection
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        SignalRelay.install();
        Process child;
        try {
            child = builder.start();
        } catch (IOException cannot) {
            return cannotStart(command.get(0));
        }
        SignalRelay.forwardTo(child);
        while (true) {
            try {
                return child.waitFor(); // 128+N for a child ended by signal N, as shells report it
            } catch (InterruptedException ignored) {
                // nothing interrupts this thread on purpose; keep waiting for the child
            }
        }
    }

    /**
     * The exit code and message of {@code env(1)} for a command that could not start: 127 when it,
     * or the interpreter its {@code #!} line names, is not found; 126 when it cannot be executed.
     */
    private int cannotStart(String program) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        Optional<Path> file = program.contains("/") ? Optional.of(Path.of(program)).filter(Files::exists) : onPath(program);
        Optional<String> missingInterpreter = file.filter(Files::isExecutable).flatMap(RunCommand::missingInterpreter);
        // the command may be anything a user typed, a connection string included: shown masked
        String shown = Terminal.escape(dev.stacksolo.registry.Secrets.maskText(program), false);
        if (missingInterpreter.isPresent()) {
            err.println("error: cannot run " + shown + ": the interpreter named on its #! line, "
                    + Terminal.escape(missingInterpreter.get(), false) + ", was not found; install it or correct that line");
        } else if (file.isPresent()) {
            err.println("error: cannot run " + shown + ": it is not an executable file; check its permissions");
        } else {
            err.println("error: cannot run " + shown + ": no such command" + (program.contains("/") ? ""
                    : " on PATH") + "; check its name, or give its path");
        }
        err.flush();
        return file.isPresent() && missingInterpreter.isEmpty() ? 126 : 127;
    }

    /** The interpreter {@code script}'s {@code #!} line names, when that file does not exist. */
    private static Optional<String> missingInterpreter(Path script) {
        byte[] start = new byte[256];
        int read;
        try (java.io.InputStream in = Files.newInputStream(script)) {
            read = in.readNBytes(start, 0, start.length);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        if (read < 3 || start[0] != '#' || start[1] != '!') {
            return Optional.empty();
        }
        String line = new String(start, 2, read - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = line.indexOf('\n');
        String interpreter = (end < 0 ? line : line.substring(0, end)).strip().split("[ \t]+", 2)[0];
        try {
            return interpreter.isEmpty() || Files.exists(Path.of(interpreter)) ? Optional.empty() : Optional.of(interpreter);
        } catch (java.nio.file.InvalidPathException notAPath) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(":")) {
            if (!folder.isEmpty() && Files.exists(Path.of(folder, program))) {
                return Optional.of(Path.of(folder, program));
            }
        }
        return Optional.empty();
    }
}
