package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo status}: the working folder's project, its resources and latest deployment. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the current folder's project: details, resources (with url) and latest deployment.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print {project, resources, deployment} as JSON.")
    boolean json;

    @Option(names = "--show-secrets", description = "Show secret output values instead of ****.")
    boolean showSecrets;

    @Override
    public Integer call() {
        try (Cli cli = Cli.of(spec)) {
            RegistryProject project = CurrentProject.require(cli);
            Registry registry = cli.registry();
            List<RegistryResource> resources = registry.service().findResourcesByProject(project.id());
            Optional<RegistryDeployment> deployment = registry.service().findLatestDeployment(project.id());
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("project", Views.project(project));
                view.put("resources", resources.stream().map(r -> Views.resource(r, showSecrets)).toList());
                view.put("deployment", deployment.map(Views::deployment).orElse(null));
                cli.out().println(Views.json(view));
                return 0;
            }
            Style style = cli.style();
            ProjectDetails.print(cli, project, style);
            cli.out().println();
            if (resources.isEmpty()) {
                cli.out().println("No resources recorded. Run `stacksolo sync` to record the config's resources.");
            } else {
                Table table = new Table("RESOURCE", "TYPE", "NETWORK", "STATUS", "URL");
                for (RegistryResource resource : resources) {
                    Object url = resource.outputs().map(o -> o.get("url")).orElse(null);
                    table.row(resource.name(), resource.type().value(), resource.network().orElse("-"),
                            style.status(resource.status()), url == null ? "-" : String.valueOf(url));
                }
                table.print(cli.out(), style);
            }
            cli.out().println();
            cli.out().println(deployment.map(d -> "Latest deployment: " + d.action().value() + " "
                    + style.status(d.status()) + ", started " + Times.local(d.startedAt())
                    + d.duration().map(t -> ", took " + Times.duration(t)).orElse("")
                    + d.error().map(e -> ", error: " + e).orElse(""))
                    .orElse("No deployments recorded."));
            return 0;
        }
    }
}
