package dev.stacksolo.cli;

import dev.stacksolo.registry.PermissionDeniedException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.StaleReference;
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
        description = {"Show the current folder's project: details, resources (with url) and latest deployment,",
            "and how many of its references changed since its last deploy (stale)."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo status",
            "  stacksolo status --json | jq -r .deployment.status"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print {project, resources, deployment} as JSON (and lock, while a deploy holds it).")
    boolean json;

    @Option(names = "--show-secrets", description = "Show secret values (outputs, configs) instead of **** or <sensitive>; errors are masked always.")
    boolean showSecrets;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            RegistryProject project = CurrentProject.require(cli);
            Registry registry = cli.registry();
            List<RegistryResource> resources = registry.service().findResourcesByProject(project.id(), cli.skipUnreadable());
            Optional<RegistryDeployment> deployment = registry.service()
                    .findDeploymentsByProject(project.id(), 1, cli.skipUnreadable()).stream().findFirst();
            Optional<DeploymentLock> lock = registry.deployments().findLock(project.id());
            List<StaleReference> stale = staleReferences(registry, project);
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("project", Views.project(project));
                view.put("resources", resources.stream().map(r -> Views.resource(r, showSecrets)).toList());
                view.put("deployment", deployment.map(d -> Views.deployment(d, showSecrets)).orElse(null));
                // only while locked: the format's shape is {project, resources, deployment}
                lock.ifPresent(held -> {
                    Map<String, Object> lockView = new LinkedHashMap<>(Views.lock(held));
                    lockView.put("stagedResources", registry.deployments().stagedResourceCount(held.lockId()));
                    view.put("lock", lockView);
                });
                // only when stale, as the lock: references that resolve differently than at the last deploy
                if (!stale.isEmpty()) {
                    view.put("stale", stale.stream().map(StaleCommand::reference).toList());
                }
                cli.out().println(Views.json(view));
                return cli.exitCode();
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
                            style.status(resource.status()),
                            url == null ? "-" : ProjectDetails.outputValue(resource, "url", url, showSecrets));
                }
                table.print(cli.out(), style);
            }
            cli.out().println();
            cli.out().println(deployment.map(d -> "Latest deployment: " + d.action().value() + " "
                    + style.status(d.status()) + ", started " + Times.local(d.startedAt())
                    + Times.took(d.startedAt(), d.completedAt()).map(t -> ", took " + t).orElse("")
                    + d.error().map(e -> ", error: " + Terminal.escape(Secrets.maskText(e), false))
                            .orElse(""))
                    .orElse("No deployments recorded."));
            if (!stale.isEmpty()) {
                cli.out().println(style.red("stale: " + stale.size() + " reference" + (stale.size() == 1 ? "" : "s")
                        + " changed since the last deploy") + " (" + String.join(", ", stale.stream()
                                .map(StaleReference::reference).toList()) + "; `stacksolo stale` says when and by whom)");
            }
            lock.ifPresent(held -> cli.out().println(Terminal.escape("Locked by deployment " + held.lockId() + " ("
                    + held.action().value() + ", since " + Times.local(held.acquiredAt()) + ", "
                    + held.holder().describe() + ", last heartbeat " + Times.local(held.heartbeatAt()) + ")"
                    + held.staleReason().map(why -> "; STALE: " + why + "; `stacksolo unlock " + project.name()
                            + "` breaks it").orElse(""), false)));
            lock.map(held -> registry.deployments().stagedResourceCount(held.lockId())).filter(n -> n > 0)
                    .ifPresent(n -> cli.out().println("It wrote the outputs of " + n + " resource" + (n == 1 ? "" : "s")
                            + ", shown above only when it ends (`stacksolo output --live` reads them now)."));
            return cli.exitCode();
        }
    }

    /**
     * The project's references that changed since its last successful deploy; none for a role that
     * may not read values (a PostgreSQL reader: the comparison needs them, and status still shows the rest).
     */
    static List<StaleReference> staleReferences(Registry registry, RegistryProject project) {
        try {
            return registry.references().stale(project.id());
        } catch (PermissionDeniedException readerRole) {
            return List.of();
        }
    }
}
