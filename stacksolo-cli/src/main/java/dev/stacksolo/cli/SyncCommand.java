package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo sync}: registers the folder's project if needed and records its declared resources. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Register the current folder's project if needed and record every resource its config",
            "declares (added or updated in one transaction; outputs and status are kept), then its config hash.",
            "Resources recorded earlier but no longer in the config are listed, not deleted."})
final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Print what would change, and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        try (Cli cli = Cli.of(spec)) {
            ProjectConfig config = ProjectConfig.read(cli.configFile());
            List<CreateResourceInput> declared = ConfigResources.declared(config);
            Registry registry = cli.registry();
            Optional<RegistryProject> registered = CurrentProject.find(registry, config);
            List<RegistryResource> existing = registered
                    .map(p -> registry.service().findResourcesByProject(p.id())).orElse(List.of());
            Plan plan = Plan.of(declared, existing);
            String verb = dryRun ? "Would sync " : "Synced ";
            if (registered.isEmpty()) {
                cli.out().println((dryRun ? "Would register " : "Registered ") + config.name() + " from " + config.file());
            }
            if (!dryRun) {
                Audit.record(cli, spec, "sync", Optional.of(config.name()), Optional.of(config.gcpProjectId()),
                        Optional.of(config.file()), audit -> {
                            RegistryProject project = registered.isPresent() ? registered.get()
                                    : RegisterCommand.register(registry, config, false, cli);
                            registry.service().upsertResources(project.id(), declared);
                            registry.service().updateConfigHash(project.id());
                            int references = registry.references().recordReferences(project.id(), config.root()).size();
                            audit.event("resources_synced", Audit.details("registered", registered.isEmpty(),
                                    "added", plan.added().size(), "updated", plan.updated().size(),
                                    "unchanged", plan.unchanged(), "references", references));
                            return project;
                        });
            }
            cli.out().println(verb + config.name() + ": " + plan.added().size() + " added, " + plan.updated().size()
                    + " updated, " + plan.unchanged() + " unchanged");
            plan.added().forEach(line -> cli.out().println("  + " + line));
            plan.updated().forEach(line -> cli.out().println("  ~ " + line));
            plan.stale().forEach(line -> cli.out().println("  ? " + line + " (recorded, no longer in the config;"
                    + " left as it is)"));
            return 0;
        }
    }

    /** What a sync adds, updates and leaves, as lines for people. */
    private record Plan(List<String> added, List<String> updated, int unchanged, List<String> stale) {

        static Plan of(List<CreateResourceInput> declared, List<RegistryResource> existing) {
            Map<String, RegistryResource> byKey = new HashMap<>();
            existing.forEach(r -> byKey.put(key(r.type().value(), r.network(), r.name()), r));
            List<String> added = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            int unchanged = 0;
            for (CreateResourceInput input : declared) {
                RegistryResource current = byKey.remove(key(input.type().value(), input.network(), input.name()));
                String line = describe(input.type().value(), input.name(), input.network());
                if (current == null) {
                    added.add(line);
                } else if (!current.config().equals(input.config()) || !current.resourceType().equals(input.resourceType())) {
                    updated.add(line);
                } else {
                    unchanged++;
                }
            }
            List<String> stale = byKey.values().stream().map(r -> describe(r.type().value(), r.name(), r.network()))
                    .sorted().toList();
            return new Plan(added, updated, unchanged, stale);
        }

        private static String key(String type, Optional<String> network, String name) {
            return type + "/" + network.orElse("") + "/" + name;
        }

        private static String describe(String type, String name, Optional<String> network) {
            return type + " " + name + network.map(n -> " (network " + n + ")").orElse("");
        }
    }
}
