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
            "declares, then its config hash and references, all in one transaction (outputs and status are kept).",
            "A project of this name registered from another folder's config is refused (see register --force).",
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
            Synced synced;
            if (dryRun) {
                Optional<RegistryProject> registered = CurrentProject.find(registry, config);
                synced = new Synced(registered.isEmpty(), Plan.of(declared, registered
                        .map(p -> registry.service().findResourcesByProject(p.id())).orElse(List.of())));
            } else {
                synced = Audit.record(cli, spec, "sync", Optional.of(config.name()), Optional.of(config.gcpProjectId()),
                        Optional.of(config.file()), audit -> registry.inTransaction(r -> {
                            // registration, the diff, the resources, the hash and the references in one
                            // transaction: what is read cannot change before it is written, and a sync
                            // killed at any moment leaves the registry as before or as after
                            Optional<RegistryProject> registered = CurrentProject.find(r, config);
                            RegistryProject project = registered.isPresent() ? registered.get()
                                    : RegisterCommand.register(r, config, false).project();
                            Plan plan = Plan.of(declared, registered
                                    .map(p -> r.service().findResourcesByProject(p.id())).orElse(List.of()));
                            r.service().upsertResources(project.id(), declared);
                            r.service().updateConfigHash(project.id());
                            int references = r.references().recordReferences(project.id(), config.root()).size();
                            audit.event("resources_synced", Audit.details("registered", registered.isEmpty(),
                                    "added", plan.added().size(), "updated", plan.updated().size(),
                                    "unchanged", plan.unchanged(), "references", references));
                            return new Synced(registered.isEmpty(), plan);
                        }));
            }
            Plan plan = synced.plan();
            String verb = dryRun ? "Would sync " : "Synced ";
            if (synced.registered()) {
                cli.out().println((dryRun ? "Would register " : "Registered ") + config.name() + " from " + config.file());
            }
            cli.out().println(verb + config.name() + ": " + plan.added().size() + " added, " + plan.updated().size()
                    + " updated, " + plan.unchanged() + " unchanged");
            plan.added().forEach(line -> cli.out().println("  + " + line));
            plan.updated().forEach(line -> cli.out().println("  ~ " + line));
            plan.stale().forEach(line -> cli.out().println("  ? " + line + " (recorded, no longer in the config;"
                    + " left as it is)"));
            sharedNames(config.name(), declared).forEach(warning -> cli.err().println("warning: " + warning));
            return 0;
        }
    }

    /** What a sync did: whether it registered the project, and its plan. */
    private record Synced(boolean registered, Plan plan) {}

    /**
     * Warnings for resources of one name in one network (a container and a function {@code api}):
     * both are recorded, but a reference names (project, network, name) and cannot reach either.
     */
    static List<String> sharedNames(String project, List<CreateResourceInput> declared) {
        Map<String, List<CreateResourceInput>> byName = new java.util.LinkedHashMap<>();
        for (CreateResourceInput input : declared) {
            byName.computeIfAbsent(input.network().orElse("") + "/" + input.name(), k -> new ArrayList<>()).add(input);
        }
        List<String> warnings = new ArrayList<>();
        for (List<CreateResourceInput> same : byName.values()) {
            List<String> types = same.stream().map(i -> i.type().value()).distinct().toList();
            if (types.size() < 2) {
                continue;
            }
            CreateResourceInput first = same.get(0);
            String reference = "@" + project + "/" + first.network().map(n -> n + "/").orElse("") + first.name();
            warnings.add(String.join(" and ", types.stream().map(t -> "a " + t).toList()) + " are both named '"
                    + first.name() + "'" + first.network().map(n -> " in network " + n).orElse("")
                    + ": both are recorded, but the reference " + reference + " cannot reach either (it is ambiguous)."
                    + " Rename one in the config, or address one by type: `stacksolo outputs set " + reference
                    + " --type " + types.get(0) + " …`, `stacksolo list " + project + " --type " + types.get(0) + "`");
        }
        return warnings;
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
