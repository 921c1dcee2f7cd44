package dev.stacksolo.cli;

import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.RegistryNotFoundException;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.Reference;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
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
            "config's resources after env and run. In zsh it runs through bashcompinit. SHELL (bash or zsh)",
            "may be named; the script is the same. Only names a reference can hold are offered (an output",
            "key such as x$(touch f) is not), and none is ever expanded by the shell."},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(stacksolo completion)",
            "  echo 'source <(stacksolo completion bash)' >> ~/.bashrc",
            "  autoload -U bashcompinit && bashcompinit; source <(stacksolo completion zsh)"})
final class CompletionCommand implements Callable<Integer> {

    /** What {@code --candidates} lists. */
    enum Candidates { projects, references, resources }

    @Spec
    CommandSpec spec;

    @Option(names = "--candidates", hidden = true, description = "List completion candidates, one a line.")
    Candidates candidates;

    @Parameters(arity = "0..1", paramLabel = "SHELL", description = "bash or zsh (the same script: zsh runs it"
            + " through bashcompinit); optional.")
    String shell;

    /**
     * Completes registry names; works in bash, and in zsh under bashcompinit (which runs it with
     * 0-based arrays). No candidate is ever expanded: they are compared with {@code case} patterns
     * whose text is quoted, never given to {@code compgen -W} (which would run a {@code $(…)} in
     * one). The current word is read from {@code COMP_LINE} up to the cursor, since bash splits
     * {@code @project/…} at the {@code @} of its {@code COMP_WORDBREAKS}; each reply then loses what
     * readline keeps before the last word break (as bash-completion's {@code __ltrim_colon_completions}),
     * which for {@code @} and {@code $} (readline's "special prefixes") is the text before them.
     */
    private static final String DYNAMIC = """

            # Names only the registry knows: projects, @references, the config's resources (see stacksolo completion --help).
            function _stacksolo_registry_words() {
              local line rest word parts=() cur="" count i registry=() command="" previous="" kind=""
              if [ -n "${COMP_LINE-}" ]; then
                line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
                # the words up to the cursor, split at blanks only (bash's COMP_WORDS splits at @ = : too)
                rest=$line
                while :; do
                  rest=${rest#"${rest%%[![:space:]]*}"}
                  [ -z "$rest" ] && break
                  word=${rest%%[[:space:]]*}
                  parts+=("$word")
                  rest=${rest#"$word"}
                done
                count=${#parts[@]}
                case "$line" in
                  *[[:space:]]|"") ;;
                  *) count=$((count-1)); cur=${parts[count]} ;;
                esac
              else
                parts=("${COMP_WORDS[@]}")
                count=$COMP_CWORD
                cur=${COMP_WORDS[COMP_CWORD]}
              fi
              i=1
              while [ $i -lt $count ]; do
                word=${parts[i]}
                case "$word" in
                  --registry) registry=(--registry "${parts[i+1]}"); i=$((i+1)) ;;
                  --registry=*) registry=("$word") ;;
                  -*) ;;
                  *) [ -z "$command" ] && command=$word ;;
                esac
                previous=${parts[i]}
                i=$((i+1))
              done
              case "$cur" in
                @*) kind=references ;;
                -*) ;;
                *) case "$command" in
                     list|unregister|history|dependents|unlock) kind=projects ;;
                     env|run) kind=resources ;;
                   esac
                   # only the first argument after those commands names one
                   [ "$previous" != "$command" ] && kind="" ;;
              esac
              if [ -n "$kind" ]; then
                # what bash keeps of the word: up to its last word break (the @ of @project/…)
                local kept="" at=${#cur} char
                if [ -n "${COMP_WORDBREAKS-}" ] && [ -n "${BASH_VERSION-}" ]; then
                  while [ $at -gt 0 ]; do
                    char=${cur:at-1:1}
                    case "$COMP_WORDBREAKS" in *"$char"*) break ;; esac
                    at=$((at-1))
                  done
                  # readline leaves a breaking @ or $ in the word it replaces (its special prefixes)
                  [ $at -gt 0 ] && case "${cur:at-1:1}" in @|\\$) at=$((at-1)) ;; esac
                  kept=${cur:0:at}
                fi
                local candidate
                COMPREPLY=()
                while IFS= read -r candidate; do
                  case "$candidate" in
                    "$cur"*) COMPREPLY+=("${candidate#"$kept"}") ;;
                  esac
                done < <(stacksolo "${registry[@]}" completion --candidates "$kind" 2>/dev/null)
                return 0
              fi
              _complete_stacksolo "$@"
            }
            complete -F _stacksolo_registry_words -o default stacksolo
            """;

    @Override
    public Integer call() {
        if (shell != null && !shell.equals("bash") && !shell.equals("zsh")) {
            throw new ParameterException(spec.commandLine(), "'" + Terminal.escape(shell, true)
                    + "' is not a shell this script is for; give bash or zsh, or nothing");
        }
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
                            // the keys only, and none that looks secret: a completion never shows a value
                            resource.outputs().ifPresent(outputs -> outputs.keySet().stream()
                                    .filter(key -> dev.stacksolo.registry.Secrets.maskText(key).equals(key))
                                    .forEach(key -> names.add(reference + "." + key)));
                        }
                    }
                }
                if (candidates == Candidates.references) {
                    // only what a reference can name: a key such as x$(touch f) is no property
                    names.removeIf(name -> !isReference(name));
                }
            }
        } catch (RegistryNotFoundException | CliException nothingToComplete) {
            return 0;
        }
        // names another tool wrote can hold anything: a shell gets only plain words
        names.removeIf(name -> name.isEmpty() || !name.chars().allMatch(CompletionCommand::isPlain));
        names.forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static boolean isReference(String name) {
        try {
            Reference.parse(name);
            return true;
        } catch (InvalidReferenceException notOne) {
            return false;
        }
    }

    /** Letters, digits and {@code @ / . _ -}: what names and references are made of. */
    private static boolean isPlain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "@/._-".indexOf(c) >= 0;
    }
}
