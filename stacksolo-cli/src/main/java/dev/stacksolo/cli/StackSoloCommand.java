package dev.stacksolo.cli;

import dev.stacksolo.registry.RegistryException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: global options and the list of subcommands. */
@Command(name = "stacksolo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The StackSolo registry: projects, their deployed resources and outputs, and"
                + " cross-project references.")
final class StackSoloCommand {

    @Option(names = "--registry", scope = ScopeType.INHERIT, paramLabel = "<path-or-jdbc-url>",
            description = "Registry to use (default: $STACKSOLO_REGISTRY_URL, $STACKSOLO_REGISTRY_PATH,"
                    + " then ~/.stacksolo/registry.db).")
    String registry;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    boolean debug;

    /**
     * The subcommands, in the order help lists them. Created by name, because picocli reflects over
     * every subcommand it is given: building only the one invoked saves most of its start-up time
     * ({@code stacksolo output} runs inside shell scripts; see docs/performance.md). A switch rather
     * than a map of constructor references: each lambda costs start-up time too.
     */
    private static final List<String> SUBCOMMANDS = List.of("help", "list", "register", "unregister", "status",
            "output", "history", "sync", "outputs", "deployment", "unlock", "events", "refs", "graph", "dependents", "stale", "doctor", "registry",
            "completion");

    private static Object newSubcommand(String name) {
        switch (name) {
            case "help": return new CommandLine.HelpCommand();
            case "list": return new ListCommand();
            case "register": return new RegisterCommand();
            case "unregister": return new UnregisterCommand();
            case "status": return new StatusCommand();
            case "output": return new OutputCommand();
            case "history": return new HistoryCommand();
            case "sync": return new SyncCommand();
            case "outputs": return new OutputsCommand();
            case "deployment": return new DeploymentCommand();
            case "unlock": return new UnlockCommand();
            case "doctor": return new DoctorCommand();
            case "events": return new EventsCommand();
            case "refs": return new RefsCommand();
            case "graph": return new GraphCommand();
            case "dependents": return new DependentsCommand();
            case "stale": return new StaleCommand();
            case "registry": return new RegistryCommand();
            case "completion": return new CompletionCommand();
            default: throw new IllegalArgumentException("no subcommand " + name);
        }
    }

    /** The command line with every subcommand and the error handling they share. */
    static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    private static CommandLine commandLine(Iterable<String> subcommands) {
        CommandLine commandLine = new CommandLine(new StackSoloCommand());
        for (String name : subcommands) {
            commandLine.addSubcommand(name, newSubcommand(name));
        }
        commandLine.setExecutionExceptionHandler(StackSoloCommand::handleFailure);
        reflowDescriptions(commandLine);
        return commandLine;
    }

    /**
     * Makes each command's description a first sentence (what the list of commands shows) and one
     * paragraph after it, which picocli wraps to the help's width: the descriptions are written as
     * several source lines, and picocli would print each as a line of its own, wrapping the long
     * ones into a ragged column.
     */
    private static void reflowDescriptions(CommandLine commandLine) {
        CommandLine.Model.UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
        if (usage.description().length > 1) {
            String text = String.join(" ", usage.description());
            int end = firstSentenceEnd(text);
            usage.description(end < 0 ? new String[] {text}
                    : new String[] {text.substring(0, end + 1), text.substring(end + 2)});
        }
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            reflowDescriptions(subcommand);
        }
    }

    /** Where the first sentence of {@code text} ends (its period), or -1 when it is all one sentence. */
    private static int firstSentenceEnd(String text) {
        for (int at = text.indexOf(". "); at >= 0; at = text.indexOf(". ", at + 1)) {
            if (!text.startsWith("e.g", Math.max(0, at - 3)) && !text.startsWith("i.e", Math.max(0, at - 3))) {
                return at;
            }
        }
        return -1;
    }

    /** Runs {@code args} and returns the exit code. */
    static int execute(String... args) {
        Integer fast = OutputFastPath.tryRun(args);
        if (fast != null) {
            return fast;
        }
        String invoked = invokedSubcommand(args);
        // help and completion describe every subcommand; an unknown name gets picocli's suggestions.
        boolean alone = invoked != null && SUBCOMMANDS.contains(invoked)
                && !invoked.equals("help") && !invoked.equals("completion");
        return (alone ? commandLine(List.of(invoked)) : commandLine()).execute(args);
    }

    /** The first argument that is not a root option or an option's value, if any. */
    private static String invokedSubcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--registry")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        return reportFailure(failure, commandLine.getErr(), parsed.hasMatchedOption("--debug"));
    }

    /** An error message as shown: secrets masked, terminal controls escaped (it may quote stored text). */
    static String shown(String message) {
        return Terminal.escape(dev.stacksolo.registry.Secrets.maskText(String.valueOf(message)), true);
    }

    /** Prints {@code failure} as users read it ("error: …", a stack trace only with --debug); returns 1. */
    static int reportFailure(Exception failure, PrintWriter err, boolean debug) {
        if (failure instanceof RegistryException || failure instanceof CliException) {
            err.println("error: " + shown(failure.getMessage()));
        } else {
            err.println("error: unexpected failure: " + shown(String.valueOf(failure))
                    + (debug ? "" : " (run again with --debug for details)"));
        }
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
