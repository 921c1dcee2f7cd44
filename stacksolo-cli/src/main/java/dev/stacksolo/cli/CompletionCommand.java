package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.RegistryNotFoundException;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.CreateResourceInput;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stacksolo completion}: a bash/zsh completion script. picocli's script completes commands
 * and options; the function added after it completes what only the registry knows: project names
 * (after {@code list}, {@code unregister}, {@code history}, {@code dependents}, {@code unlock}),
 * references ({@code @<TAB>}: {@code @project/network/resource} and each {@code .property} it has
 * outputs for, never a value), and the config's resources after {@code env} and {@code run}. It asks
 * {@code stacksolo completion --candidates …}, with the command line's {@code --registry} if any.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script: commands, options, project names, references",
            "(@<TAB>: @project/network/resource.property, from the registry, values never shown) and the",
            "config's resources after env and run. In zsh it runs through bashcompinit."},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(stacksolo completion)",
            "  stacksolo completion > ~/.local/share/bash-completion/completions/stacksolo"})
final class CompletionCommand implements Callable<Integer> {

    /** What {@code --candidates} lists. */
    enum Candidates { projects, references, resources }

    @Spec
    CommandSpec spec;

    @Option(names = "--candidates", hidden = true, description = "List completion candidates, one a line.")
    Candidates candidates;

    /** Completes registry names; works in bash, and in zsh under bashcompinit (which runs it with 0-based arrays). */
    private static final String DYNAMIC = """

            # Names only the registry knows: projects, @references, the config's resources (see stacksolo completion --help).
            function _stacksolo_registry_words() {
              local i=1 word registry=() command=""
              while [ $i -lt $COMP_CWORD ]; do
                word=${COMP_WORDS[i]}
                case "$word" in
                  --registry) registry=(--registry "${COMP_WORDS[i+1]}"); i=$((i+1)) ;;
                  --registry=*) registry=("$word") ;;
                  -*) ;;
                  *) [ -z "$command" ] && command=$word ;;
                esac
                i=$((i+1))
              done
              local cur=${COMP_WORDS[COMP_CWORD]} kind=""
              case "$cur" in
                @*) kind=references ;;
                -*) ;;
                *) case "$command" in
                     list|unregister|history|dependents|unlock) kind=projects ;;
                     env|run) kind=resources ;;
                   esac
                   # only the first argument after those commands names one
                   local previous=${COMP_WORDS[COMP_CWORD-1]}
                   [ "$previous" != "$command" ] && kind="" ;;
              esac
              if [ -n "$kind" ]; then
                local IFS=$'\\n'
                COMPREPLY=( $(compgen -W "$(stacksolo "${registry[@]}" completion --candidates $kind 2>/dev/null)" -- "$cur") )
                return 0
              fi
              _complete_stacksolo "$@"
            }
            complete -F _stacksolo_registry_words -o default stacksolo
            """;

    @Override
    public Integer call() {
        if (candidates != null) {
            return listCandidates();
        }
        spec.commandLine().getOut().print(AutoComplete.bash("stacksolo", spec.root().commandLine()));
        spec.commandLine().getOut().print(DYNAMIC);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Prints the candidates, one a line; nothing (exit 0) when there is no registry or config. */
    private int listCandidates() {
        TreeSet<String> names = new TreeSet<>();
        try (Cli cli = Cli.forReading(spec)) {
            if (candidates == Candidates.resources) {
                for (CreateResourceInput input : ConfigResources.declared(ProjectConfig.read(cli.configFile()))) {
                    names.add(input.name());
                    input.network().ifPresent(network -> names.add(network + "/" + input.name()));
                }
            } else {
                Registry registry = cli.registry();
                for (RegistryProject project : registry.service().listProjects()) {
                    names.add(project.name());
                    if (candidates == Candidates.references) {
                        for (RegistryResource resource : registry.service().findResourcesByProject(project.id(), row -> { })) {
                            String reference = "@" + project.name() + "/" + resource.network().map(n -> n + "/").orElse("")
                                    + resource.name();
                            names.add(reference);
                            // the keys only: a completion never shows a value
                            resource.outputs().ifPresent(outputs -> outputs.keySet().forEach(key -> names.add(reference + "." + key)));
                        }
                    }
                }
                if (candidates == Candidates.references) {
                    names.removeIf(name -> !name.startsWith("@"));
                }
            }
        } catch (RegistryNotFoundException | CliException nothingToComplete) {
            return 0;
        }
        names.forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
