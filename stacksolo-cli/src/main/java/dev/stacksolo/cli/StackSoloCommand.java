package dev.stacksolo.cli;

import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.types.Names;
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
                + " cross-project references.",
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo sync", "  stacksolo list shared-infra",
            "  DATABASE_URL=$(stacksolo output @shared-infra/main/users-db.connectionString)",
            "  stacksolo run api -- npm start", "  stacksolo help outputs set"})
final class StackSoloCommand {

    @Option(names = "--registry", scope = ScopeType.INHERIT, paramLabel = "<path-or-jdbc-url>",
            converter = RegistryOption.class,
            description = "Registry to use (default: $STACKSOLO_REGISTRY_URL, $STACKSOLO_REGISTRY_PATH,"
                    + " then ~/.stacksolo/registry.db).")
    String registry;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    boolean debug;

    /** {@code --registry}: a path or URL; an empty one is a usage error, not the default registry. */
    static final class RegistryOption implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("--registry needs a path or a URL (a registry file, or"
                        + " jdbc:postgresql://…); it was empty. Leave --registry out to use the default registry");
            }
            return value;
        }
    }

    /**
     * The subcommands, in the order help lists them. Created by name, because picocli reflects over
     * every subcommand it is given: building only the one invoked saves most of its start-up time
     * ({@code stacksolo output} runs inside shell scripts; see docs/performance.md). A switch rather
     * than a map of constructor references: each lambda costs start-up time too.
     */
    private static final List<String> SUBCOMMANDS = List.of("help", "list", "register", "unregister", "status",
            "output", "env", "run", "history", "sync", "outputs", "deployment", "unlock", "events", "refs", "graph", "dependents", "stale", "doctor", "registry",
            "completion", "version");

    private static Object newSubcommand(String name) {
        switch (name) {
            case "help": return new CommandLine.HelpCommand();
            case "list": return new ListCommand();
            case "register": return new RegisterCommand();
            case "unregister": return new UnregisterCommand();
            case "status": return new StatusCommand();
            case "output": return new OutputCommand();
            case "env": return new EnvCommand();
            case "run": return new RunCommand();
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
            case "version": return new VersionCommand();
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
        commandLine.setParameterExceptionHandler((failure, args) -> unknownCommand(failure)
                .orElseGet(() -> usageError(failure, args)));
        reflowDescriptions(commandLine);
        CommandLine help = commandLine.getSubcommands().get("help");
        if (help != null) {
            help.getCommandSpec().usageMessage().footerHeading("%nExamples:%n")
                    .footer("  stacksolo help", "  stacksolo help outputs set");
        }
        HelpLayout.install(commandLine);
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

    /**
     * A usage error in two lines, as gh and kubectl print them: what is wrong (secrets masked), and
     * where the usage and examples are; picocli's own handling prints the whole help after it, which
     * buries the one line that matters.
     */
    private static int usageError(CommandLine.ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        CommandLine.ParameterException shown = masked(failure, args);
        err.println("error: " + shown.getMessage());
        if (shown instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            err.println("Did you mean: " + String.join(", ", unmatched.getSuggestions().stream().limit(3).toList()) + "?");
        }
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for its usage and examples.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The usage error with the arguments that look secret masked where it quotes them: picocli quotes
     * the argument it could not place ({@code Unknown option: '--password=hunter2'}, a URL with its
     * password given one word too many), and standard error ends up in CI logs. Only the user's
     * arguments are masked, not the message's own words ({@code KEY=VALUE}).
     */
    private static CommandLine.ParameterException masked(CommandLine.ParameterException failure, String[] args) {
        String message = String.valueOf(failure.getMessage());
        String shown = message;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String masked = maskedArgument(arg);
            if (!masked.equals(arg) && !arg.isEmpty()) {
                shown = shown.replace(arg, masked);
            }
            // the value after an option that looks secret, misspelt or not (--pasword hunter2)
            if (arg.startsWith("-") && arg.indexOf('=') < 0 && !arg.equals("--show-secrets") && i + 1 < args.length
                    && !args[i + 1].startsWith("-") && !args[i + 1].isEmpty()
                    && dev.stacksolo.registry.Secrets.isSecretOptionName(arg)) {
                String value = args[i + 1];
                shown = shown.replace("'" + value + "'", "'" + dev.stacksolo.registry.Secrets.MASK + "'");
                if (value.length() >= 4) {
                    shown = shown.replace(value, dev.stacksolo.registry.Secrets.MASK);
                }
            } else if (arg.startsWith("-") && arg.indexOf('=') < 0 && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                // the user:password after any option (--user bob:pw), should the error quote it
                String value = args[i + 1];
                String maskedValue = dev.stacksolo.registry.Secrets.maskOptionArgument("--x=" + value).substring(4);
                if (!maskedValue.equals(value) && !value.isEmpty()) {
                    shown = shown.replace(value, maskedValue);
                }
            }
        }
        if (shown.equals(message)) {
            return failure;
        }
        return failure instanceof CommandLine.UnmatchedArgumentException
                ? new CommandLine.UnmatchedArgumentException(failure.getCommandLine(), shown)
                : new CommandLine.ParameterException(failure.getCommandLine(), shown);
    }

    /**
     * One argument as a usage error may quote it ({@code Secrets.maskOptionArgument}): the value of
     * an option whose name looks secret, misspelt or not ({@code --pasword=****}, {@code -p****}),
     * the password of an option's {@code user:password} ({@code --user=bob:****}), since an unknown
     * option is echoed whole; secrets of any other shape by {@code Secrets.maskText}.
     */
    private static String maskedArgument(String arg) {
        return dev.stacksolo.registry.Secrets.maskOptionArgument(arg);
    }

    /**
     * A mistyped command ({@code stacksolo lsit}, {@code stacksolo events shwo}) in a few lines: what
     * was not understood, the commands it resembles, and where the list is; picocli's own handling
     * would print the whole usage (fifty lines) after it. Empty for any other usage error.
     */
    private static java.util.Optional<Integer> unknownCommand(CommandLine.ParameterException failure) {
        CommandLine command = failure.getCommandLine();
        if (!(failure instanceof CommandLine.UnmatchedArgumentException unmatched) || command.getSubcommands().isEmpty()
                || unmatched.getUnmatched().isEmpty() || unmatched.getUnmatched().get(0).startsWith("-")) {
            return java.util.Optional.empty();
        }
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println("error: '" + dev.stacksolo.registry.Secrets.maskText(unmatched.getUnmatched().get(0)) + "' is not a "
                + name + " command.");
        String typed = unmatched.getUnmatched().get(0);
        // the commands it starts (hist: history) first, then typos (lsit, stauts: letters swapped,
        // missing or extra), then picocli's similar names
        List<String> suggestions = command.getSubcommands().keySet().stream()
                .filter(candidate -> !candidate.equals("help")
                        && (candidate.startsWith(typed) || Names.typingMistakes(typed, candidate) <= 2))
                .sorted(java.util.Comparator.<String>comparingInt(candidate -> candidate.startsWith(typed) ? 0 : 1)
                        .thenComparingInt(candidate -> Names.typingMistakes(typed, candidate)))
                .limit(3).toList();
        if (suggestions.isEmpty()) {
            suggestions = unmatched.getSuggestions().stream()
                    .filter(candidate -> command.getSubcommands().containsKey(candidate)).limit(3).toList();
        }
        if (!suggestions.isEmpty()) {
            err.println("Did you mean: " + String.join(", ", suggestions.stream().map(s -> name + " " + s).toList()) + "?");
        }
        err.println("Run '" + name + " --help' for the list of commands.");
        err.flush();
        return java.util.Optional.of(2);
    }

    /** Runs {@code args} and returns the exit code. */
    static int execute(String... args) {
        if (rootVersionAsJson(args)) {
            args = new String[] {"version", "--json"}; // stacksolo --version --json: what version --json prints
        }
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

    /** Whether {@code args} are {@code --version} (or {@code -V}) and {@code --json}, in any order, and nothing else. */
    private static boolean rootVersionAsJson(String[] args) {
        List<String> given = List.of(args);
        return given.contains("--json") && (given.contains("--version") || given.contains("-V"))
                && given.stream().allMatch(arg -> arg.equals("--json") || arg.equals("--version") || arg.equals("-V"));
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
        return reportFailure(failure, commandLine.getErr(), debug(parsed));
    }

    /**
     * Whether {@code --debug} was given: to the root or to any subcommand ({@code stacksolo --debug
     * refs} and {@code stacksolo refs --debug} alike; what follows {@code --} is run's command's).
     */
    static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult result = parsed; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
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
        if (debug) { // the messages of every cause may quote a URL with its password
            err.print(Terminal.escape(dev.stacksolo.registry.Secrets.maskStackTrace(failure), true));
        }
        err.flush();
        return 1;
    }
}
