package dev.stacksolo.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stacksolo completion}: a bash/zsh completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script.", "Use: source <(stacksolo completion)"},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(stacksolo completion)",
            "  stacksolo completion > ~/.local/share/bash-completion/completions/stacksolo"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("stacksolo", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
