package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.RegistryProject;
import java.io.Console;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo unregister <project>}: removes a project from the registry. */
@Command(name = "unregister", mixinStandardHelpOptions = true,
        description = {"Remove a project, its resources and deployment history from the registry.",
            "Deployed cloud resources are not touched. Asks for confirmation unless --yes;",
            "without a terminal to ask on, --yes is required."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo unregister old-app",
            "  stacksolo unregister old-app --yes",
            "  stacksolo unregister old-app --yes --json"})
final class UnregisterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<project>", description = "The project to remove.")
    String project;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--force", description = "Unregister even when other projects read from this one.")
    boolean force;

    @Option(names = "--json", description = "Print {project, id, resources}: what was removed.")
    boolean json;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forRecorded(spec)) {
            Registry registry = cli.registry();
            RegistryProject found = registry.service().findProjectByName(project)
                    .orElseThrow(() -> new ProjectNotFoundException(project));
            int[] unreadable = {0}; // rows another tool wrote badly are removed with the rest: count them too
            int resources = registry.service().findResourcesByProject(found.id(), row -> unreadable[0]++).size()
                    + unreadable[0];
            if (!force) {
                registry.references().requireNoDependents(found.name(), "unregister");
            }
            String what = "'" + found.name() + "' (" + resources + " resource" + (resources == 1 ? "" : "s") + ")";
            if (!yes) {
                Console console = System.console();
                if (!Terminal.interactive()) {
                    throw new CliException("refusing to unregister " + what + " without confirmation: stdin is not"
                            + " a terminal; pass --yes to confirm");
                }
                String answer = console.readLine("Unregister %s? Deployed cloud resources are not touched. [y/N] ", what);
                if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
                    cli.err().println("Cancelled; nothing was changed.");
                    return 1;
                }
            }
            int[] removed = {resources};
            Audit.record(cli, spec, "unregister", Optional.of(found.name()), Optional.of(found.gcpProjectId()),
                    Optional.empty(), audit -> registry.inTransaction(r -> {
                        // checked again under the write lock: the project confirmed is the one removed, and
                        // nobody started reading from it since. With --yes nothing was confirmed, so there is
                        // nothing to invalidate: what is registered under the name now is removed.
                        Optional<RegistryProject> now = r.service().findProjectByName(project);
                        RegistryProject current = yes
                                ? now.orElseThrow(() -> new ProjectNotFoundException(project))
                                : now.filter(p -> p.id().equals(found.id()))
                                        .orElseThrow(() -> new CliException("project '" + project + "' changed while"
                                                + " you confirmed (it was removed or registered again); nothing was"
                                                + " changed, run the command again"));
                        if (!current.id().equals(found.id())) {
                            int[] bad = {0};
                            removed[0] = r.service().findResourcesByProject(current.id(), row -> bad[0]++).size() + bad[0];
                        }
                        if (!force) {
                            r.references().requireNoDependents(current.name(), "unregister");
                        }
                        r.service().unregisterProject(current.id());
                        audit.event("project_unregistered", Audit.details("name", current.name(), "resources", removed[0],
                                "force", force));
                        return null;
                    }));
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("project", found.name());
                view.put("id", found.id());
                view.put("resources", removed[0]);
                cli.out().println(Views.json(view));
                return 0;
            }
            cli.out().println("Unregistered '" + found.name() + "' (" + removed[0] + " resource"
                    + (removed[0] == 1 ? "" : "s") + "). Its cloud resources were not touched.");
            return 0;
        }
    }
}
