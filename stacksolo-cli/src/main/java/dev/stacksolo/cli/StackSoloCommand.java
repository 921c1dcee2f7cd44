package dev.stacksolo.cli;

import dev.stacksolo.registry.RegistryException;
import java.io.PrintWriter;
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
        subcommands = {
            CommandLine.HelpCommand.class,
            ListCommand.class,
            RegisterCommand.class,
            UnregisterCommand.class,
            StatusCommand.class,
            OutputCommand.class,
            HistoryCommand.class,
            SyncCommand.class,
            OutputsCommand.class,
            DeploymentCommand.class,
            RegistryCommand.class,
            CompletionCommand.class,
        })
final class StackSoloCommand {

    @Option(names = "--registry", scope = ScopeType.INHERIT, paramLabel = "<path-or-jdbc-url>",
            description = "Registry to use (default: $STACKSOLO_REGISTRY_URL, $STACKSOLO_REGISTRY_PATH,"
                    + " then ~/.stacksolo/registry.db).")
    String registry;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    boolean debug;

    /** Builds the command line with the error handling every subcommand shares. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new StackSoloCommand());
        commandLine.setExecutionExceptionHandler(StackSoloCommand::handleFailure);
        return commandLine;
    }

    /** Runs {@code args} and returns the exit code. */
    static int execute(String... args) {
        return commandLine().execute(args);
    }

    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        boolean debug = parsed.hasMatchedOption("--debug");
        if (failure instanceof RegistryException || failure instanceof CliException) {
            err.println("error: " + failure.getMessage());
        } else {
            err.println("error: unexpected failure: " + failure + (debug ? "" : " (run again with --debug for details)"));
        }
        if (debug) {
            failure.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
