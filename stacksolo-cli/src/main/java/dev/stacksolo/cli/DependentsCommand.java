package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.ProjectDependency;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo dependents <project>}: who reads from a project. */
@Command(name = "dependents", mixinStandardHelpOptions = true,
        description = {"Show the projects whose configs read from <project>, with the references they use:",
            "what would break if it were destroyed or unregistered."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo dependents shared-infra",
            "  stacksolo dependents shared-infra --json"})
final class DependentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<project>", description = "The project read from.")
    String project;

    @Option(names = "--json", description = "Print the references as a JSON array of {from, to, network, resource, property, reference, path}.")
    boolean json;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            Registry registry = cli.registry();
            List<ProjectDependency> readers = registry.references().dependents(project).stream()
                    .filter(dependency -> !dependency.from().equals(project)).toList();
            if (readers.isEmpty() && registry.service().findProjectByName(project).isEmpty()) {
                throw new ProjectNotFoundException(project);
            }
            if (json) {
                cli.out().println(Views.json(readers.stream().map(GraphCommand::edge).toList()));
                return 0;
            }
            if (readers.isEmpty()) {
                cli.out().println("No project reads from " + project + ".");
                return 0;
            }
            Table table = new Table("PROJECT", "READS", "WHERE");
            for (ProjectDependency reader : readers) {
                table.row(reader.from(), reader.reference(), reader.path());
            }
            table.print(cli.out(), cli.style());
            return 0;
        }
    }
}
