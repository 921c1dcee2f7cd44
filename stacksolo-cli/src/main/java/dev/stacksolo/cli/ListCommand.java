package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.ProjectSummary;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo list [project]}: every project, or one project with its resources. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the registered projects (name, GCP project, status, last deploy, resources),",
            "or one project's details and resources with up to three outputs each.",
            "Secrets are masked unless --show-secrets: outputs marked sensitive show <sensitive>,",
            "values that look secret **** (see the README's \"Secrets\")."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo list",
            "  stacksolo list shared-infra",
            "  stacksolo list fullstack --type function --json",
            "  stacksolo list --path"})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<project>", arity = "0..1", description = "A project to show in detail.")
    String project;

    @Option(names = "--json", description = "Print JSON: an array of projects (each with resourceCount),"
            + " or {project, resources}.")
    boolean json;

    @Option(names = "--path", description = "Print where the registry is (a URL's password masked), and nothing else.")
    boolean path;

    @Option(names = "--type", paramLabel = "TYPE", description = "With a project: only its resources of this"
            + " logical type (container, function, database…), e.g. to tell apart two of one name.")
    String type;

    @Option(names = "--show-secrets", description = "Show secret values (outputs, configs) instead of **** or <sensitive>.")
    boolean showSecrets;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            if (type != null && project == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--type goes with a project: stacksolo list <project> --type " + type);
            }
            if (path) {
                cli.out().println(dev.stacksolo.registry.Locations.mask(cli.location()));
                return 0;
            }
            Registry registry;
            try {
                registry = cli.registry();
            } catch (dev.stacksolo.registry.RegistryNotFoundException missing) {
                if (project != null) {
                    throw missing;
                }
                // no registry is an empty one: nothing is listed, and reading creates no file
                if (json) {
                    cli.out().println("[]"); // what a script reads: the empty list, and no notice
                    return 0;
                }
                cli.err().println(missing.getMessage().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                        + missing.getMessage().substring(1) + ".");
                return 0;
            }
            if (project != null) {
                showProject(cli, registry);
            } else {
                listProjects(cli, registry);
            }
            return cli.exitCode();
        }
    }

    private void listProjects(Cli cli, Registry registry) {
        List<ProjectSummary> summaries = registry.service().listProjectSummaries(cli.skipUnreadable());
        if (json) {
            List<Map<String, Object>> views = new ArrayList<>();
            for (ProjectSummary summary : summaries) {
                Map<String, Object> view = Views.project(summary.project());
                view.put("resourceCount", summary.resourceCount());
                views.add(view);
            }
            cli.out().println(Views.json(views));
            return;
        }
        if (summaries.isEmpty()) {
            cli.err().println("No projects registered in " + registry.location()
                    + ". Run `stacksolo register` in a project folder to add one.");
            return;
        }
        Style style = cli.style();
        Table table = new Table("NAME", "GCP PROJECT", "STATUS", "LAST DEPLOY", "RESOURCES");
        for (ProjectSummary summary : summaries) {
            RegistryProject p = summary.project();
            table.row(p.name(), p.gcpProjectId(), style.status(p.status()), Times.local(p.lastDeployedAt()),
                    String.valueOf(summary.resourceCount()));
        }
        table.print(cli.out(), style);
    }

    private void showProject(Cli cli, Registry registry) {
        RegistryProject found = registry.service().findProjectByName(project)
                .orElseThrow(() -> new ProjectNotFoundException(project));
        List<RegistryResource> resources = registry.service().findResourcesByProject(found.id(), cli.skipUnreadable());
        if (type != null) {
            dev.stacksolo.registry.types.ResourceType wanted = dev.stacksolo.registry.types.ResourceType.fromValue(type);
            resources = resources.stream().filter(r -> r.type() == wanted).toList();
        }
        if (json) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("project", Views.project(found));
            view.put("resources", resources.stream().map(r -> Views.resource(r, showSecrets)).toList());
            cli.out().println(Views.json(view));
            return;
        }
        Style style = cli.style();
        ProjectDetails.print(cli, found, style);
        cli.out().println();
        if (resources.isEmpty()) {
            cli.out().println("No resources recorded. Run `stacksolo sync` in the project folder to record them.");
            return;
        }
        Table table = new Table("RESOURCE", "TYPE", "NETWORK", "STATUS", "OUTPUTS");
        for (RegistryResource resource : resources) {
            table.row(resource.name(), resource.type().value(), resource.network().orElse("-"),
                    style.status(resource.status()), ProjectDetails.outputsSummary(resource, 3, showSecrets));
        }
        table.print(cli.out(), style);
    }
}
