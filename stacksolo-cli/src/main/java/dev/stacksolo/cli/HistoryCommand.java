package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo history <project>}: a project's deployments, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show a project's deployments, newest first: action, status, start, duration, error.",
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo history shared-infra",
            "  stacksolo history shared-infra -n 5 --json"})
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<project>", description = "The project.")
    String project;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", converter = CountConverter.class, defaultValue = "20",
            description = "Show at most N deployments (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the deployments as a JSON array.")
    boolean json;

    @Option(names = "--show-secrets", description = "Show secrets in config snapshots instead of **** (an error is masked always).")
    boolean showSecrets;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            RegistryProject found = cli.registry().service().findProjectByName(project)
                    .orElseThrow(() -> new ProjectNotFoundException(project));
            List<RegistryDeployment> deployments = cli.registry().service().findDeploymentsByProject(found.id(), limit, cli.skipUnreadable());
            if (json) {
                cli.out().println(Views.json(deployments.stream().map(d -> Views.deployment(d, showSecrets)).toList()));
                return cli.exitCode();
            }
            if (deployments.isEmpty()) {
                cli.out().println("No deployments recorded for " + found.name() + ".");
                return cli.exitCode();
            }
            Style style = cli.style();
            Table table = new Table("ID", "ACTION", "STATUS", "STARTED", "DURATION", "ERROR");
            for (RegistryDeployment deployment : deployments) {
                table.row(deployment.id(), deployment.action().value(), style.status(deployment.status()),
                        Times.local(deployment.startedAt()),
                        Times.took(deployment.startedAt(), deployment.completedAt()).orElse("-"), deployment.error().map(dev.stacksolo.registry.Secrets::maskText).orElse(""));
            }
            table.print(cli.out(), style);
            return cli.exitCode();
        }
    }
}
