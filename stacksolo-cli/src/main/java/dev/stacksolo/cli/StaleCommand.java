package dev.stacksolo.cli;

import dev.stacksolo.registry.types.StaleProject;
import dev.stacksolo.registry.types.StaleReference;
import dev.stacksolo.registry.types.StaleReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo stale [--json] [--check]}: projects running with values that changed since their last deploy. */
@Command(name = "stale", mixinStandardHelpOptions = true,
        description = {"List the projects whose cross-project references resolve differently now than when the",
            "project last deployed successfully (a changed value, a removed output or resource), each with the",
            "references that changed, when and by which upstream deployment, in the order to redeploy them:",
            "every project after the projects it reads from. --check exits 1 when any project is stale."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo stale",
            "  stacksolo stale --check || echo 'redeploy first'",
            "  stacksolo stale --json | jq -r '.stale[].project'"})
final class StaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print {stale: [{project, deploymentId, deployedAt, inCycle, references:"
            + " [{reference, target, change, reason, changedAt, changedByDeployment, changedBy}]}], cycles, untracked}.")
    boolean json;

    @Option(names = "--check", description = "Exit 1 when any project is stale (for CI).")
    boolean check;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            dev.stacksolo.registry.Registry registry;
            try {
                registry = cli.registry();
            } catch (dev.stacksolo.registry.RegistryNotFoundException missing) {
                // no registry: nothing was deployed, so nothing is stale (as list, reading creates no file)
                if (json) {
                    Map<String, Object> none = new LinkedHashMap<>();
                    none.put("stale", List.of());
                    none.put("cycles", List.of());
                    none.put("untracked", List.of());
                    cli.out().println(Views.json(none));
                } else {
                    cli.err().println(missing.getMessage().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                            + missing.getMessage().substring(1) + ".");
                }
                return 0;
            }
            StaleReport report = registry.references().stale();
            if (json) {
                cli.out().println(Views.json(view(report)));
            } else {
                print(cli, report);
            }
            return check && report.anyStale() ? 1 : 0;
        }
    }

    private static void print(Cli cli, StaleReport report) {
        Style style = cli.style();
        if (!report.anyStale()) {
            cli.out().println("No project is stale: every deployed project's references resolve as when it deployed.");
        } else {
            int projects = report.stale().size();
            cli.out().println(projects + " stale project" + (projects == 1 ? "" : "s") + ", "
                    + report.changedReferences() + " reference" + (report.changedReferences() == 1 ? "" : "s")
                    + " changed; redeploy in this order:");
            int position = 1;
            for (StaleProject project : report.stale()) {
                cli.out().println();
                cli.out().println(position++ + ". " + style.bold(project.project()) + style.dim(" (last deployed "
                        + Times.local(project.deployedAt()) + ", deployment " + project.deploymentId()
                        + (project.inCycle() ? "; in a cycle" : "") + ")"));
                for (StaleReference reference : project.references()) {
                    cli.out().println("   " + reference.reference() + "  " + style.red(describe(reference)));
                }
            }
        }
        for (List<String> cycle : report.cycles()) {
            cli.out().println();
            cli.out().println("Cycle: " + String.join(" ⇄ ", cycle) + " read from each other; redeploy them"
                    + " together, in any order, until none is stale.");
        }
        if (!report.untracked().isEmpty()) {
            cli.out().println();
            cli.out().println("Untracked (deployed before this registry recorded what their references resolved to,"
                    + " or copied from another registry; known after their next deploy): "
                    + String.join(", ", report.untracked()));
        }
    }

    /** What changed, when and by whom, for people: "changed 2026-… by deployment D (user@host)". */
    static String describe(StaleReference reference) {
        StringBuilder text = new StringBuilder(reference.change().text());
        reference.reason().ifPresent(why -> text.append(" (").append(why).append(')'));
        reference.changedAt().ifPresent(at -> text.append(" at ").append(Times.local(at)));
        reference.changedByDeployment().ifPresent(id -> text.append(" by deployment ").append(id));
        reference.changedBy().ifPresent(by -> text.append(reference.changedByDeployment().isPresent() ? " (" + by + ")"
                : " by " + by));
        if (reference.changedAt().isEmpty()) {
            text.append(" since ").append(Times.local(reference.baselineAt()));
        }
        return text.toString();
    }

    static Map<String, Object> view(StaleReport report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stale", report.stale().stream().map(project -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("project", project.project());
            item.put("deploymentId", project.deploymentId());
            item.put("deployedAt", dev.stacksolo.registry.db.Times.format(project.deployedAt()));
            item.put("inCycle", project.inCycle());
            item.put("references", project.references().stream().map(StaleCommand::reference).toList());
            return item;
        }).toList());
        view.put("cycles", report.cycles());
        view.put("untracked", report.untracked());
        return view;
    }

    /** One changed reference as JSON. */
    static Map<String, Object> reference(StaleReference reference) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("reference", reference.reference());
        item.put("target", reference.target());
        item.put("change", reference.change().value());
        item.put("reason", reference.reason().orElse(null));
        item.put("changedAt", reference.changedAt().map(dev.stacksolo.registry.db.Times::format).orElse(null));
        item.put("changedByDeployment", reference.changedByDeployment().orElse(null));
        item.put("changedBy", reference.changedBy().orElse(null));
        return item;
    }
}
