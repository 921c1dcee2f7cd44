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
            "Resources recorded earlier but no longer in the config are listed, not deleted."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo sync", "  stacksolo sync --dry-run", "  stacksolo sync --json | jq '.added[].name'"})
final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Print what would change, and change nothing: the sync runs and is"
            + " rolled back, so it fails as the sync itself would.")
    boolean dryRun;

    @Option(names = "--json", description = "Print {project, registered, dryRun, added, updated, unchanged, stale,"
            + " warnings} as JSON (added/updated/stale: [{type, name, network}]).")
    boolean json;

    /** Thrown out of a dry run's transaction to roll it back, carrying what it would have done. */
    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Synced synced;

        RolledBack(Synced synced) {
            super("dry run", null, false, false);
            this.synced = synced;
        }
    }

    @Override
    public Integer call() {
        try (Cli cli = Cli.of(spec)) {
            ProjectConfig config = ProjectConfig.read(cli.configFile());
            List<CreateResourceInput> declared = ConfigResources.declared(config);
            Registry registry = cli.registry();
            Synced synced;
            if (dryRun) {
                // the sync itself, rolled back: whatever it would refuse, the dry run refuses too
                try {
                    registry.inTransaction(r -> {
                        throw new RolledBack(sync(r, config, declared));
                    });
                    throw new IllegalStateException("a dry run's transaction was not rolled back");
                } catch (RolledBack rolledBack) {
                    synced = rolledBack.synced;
                }
            } else {
                synced = Audit.record(cli, spec, "sync", Optional.of(config.name()), Optional.of(config.gcpProjectId()),
                        Optional.of(config.file()), audit -> registry.inTransaction(r -> {
                            Synced done = sync(r, config, declared);
                            audit.event("resources_synced", Audit.details("registered", done.registered(),
                                    "added", done.plan().added().size(), "updated", done.plan().updated().size(),
                                    "unchanged", done.plan().unchanged(), "references", done.references()));
                            return done;
                        }));
            }
            Plan plan = synced.plan();
            List<String> warnings = sharedNames(config.name(), declared);
            if (json) {
                Map<String, Object> view = new java.util.LinkedHashMap<>();
                view.put("project", config.name());
                view.put("registered", synced.registered());
                view.put("dryRun", dryRun);
                view.put("added", plan.added().stream().map(Entry::view).toList());
                view.put("updated", plan.updated().stream().map(Entry::view).toList());
                view.put("unchanged", plan.unchanged());
                view.put("stale", plan.stale().stream().map(Entry::view).toList());
                view.put("warnings", warnings);
                cli.out().println(Views.json(view));
            } else {
                String verb = dryRun ? "Would sync " : "Synced ";
                if (synced.registered()) {
                    cli.out().println((dryRun ? "Would register " : "Registered ") + config.name() + " from " + config.file());
                }
                cli.out().println(verb + config.name() + ": " + plan.added().size() + " added, " + plan.updated().size()
                        + " updated, " + plan.unchanged() + " unchanged");
                plan.added().forEach(entry -> cli.out().println("  + " + entry));
                plan.updated().forEach(entry -> cli.out().println("  ~ " + entry));
                plan.stale().forEach(entry -> cli.out().println("  ? " + entry + " (recorded, no longer in the config;"
                        + " left as it is)"));
            }
            warnings.forEach(warning -> cli.err().println("warning: " + warning));
            return 0;
        }
    }

    /**
     * The sync in {@code r}'s transaction: registration, the diff, the resources, the hash and the
     * references, so that what is read cannot change before it is written, and a sync killed at any
     * moment leaves the registry as before or as after. Prints nothing (a retried transaction would
     * print twice).
     */
    private static Synced sync(Registry r, ProjectConfig config, List<CreateResourceInput> declared) {
        Optional<RegistryProject> registered = CurrentProject.find(r, config);
        if (registered.isPresent() && !registered.get().name().equals(config.name())) {
            // found by this config's path under its old name: syncing would file the resources under a
            // name the config no longer uses, as register refuses to
            throw new CliException("this folder is registered as '" + registered.get().name() + "', but its config"
                    + " now names '" + config.name() + "'; nothing was changed. Run `stacksolo register --force` to"
                    + " rename it, then sync");
        }
        RegistryProject project = registered.isPresent() ? registered.get()
                : RegisterCommand.register(r, config, false).project();
        Plan plan = Plan.of(declared, registered.map(p -> r.service().findResourcesByProject(p.id())).orElse(List.of()));
        r.service().upsertResources(project.id(), declared);
        r.service().updateConfigHash(project.id());
        int references = r.references().recordReferences(project.id(), config.root()).size();
        return new Synced(registered.isEmpty(), plan, references);
    }

    /** What a sync did: whether it registered the project, its plan, and how many references it recorded. */
    private record Synced(boolean registered, Plan plan, int references) {}

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

    /** A resource a sync adds, updates or leaves: {@code container api (network main)} for people. */
    private record Entry(String type, String name, Optional<String> network) {

        @Override
        public String toString() {
            return type + " " + name + network.map(n -> " (network " + n + ")").orElse("");
        }

        Map<String, Object> view() {
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("type", type);
            view.put("name", name);
            view.put("network", network.orElse(null));
            return view;
        }
    }

    /** What a sync adds, updates and leaves. */
    private record Plan(List<Entry> added, List<Entry> updated, int unchanged, List<Entry> stale) {

        static Plan of(List<CreateResourceInput> declared, List<RegistryResource> existing) {
            Map<String, RegistryResource> byKey = new HashMap<>();
            existing.forEach(r -> byKey.put(key(r.type().value(), r.network(), r.name()), r));
            List<Entry> added = new ArrayList<>();
            List<Entry> updated = new ArrayList<>();
            int unchanged = 0;
            for (CreateResourceInput input : declared) {
                RegistryResource current = byKey.remove(key(input.type().value(), input.network(), input.name()));
                Entry entry = new Entry(input.type().value(), input.name(), input.network());
                if (current == null) {
                    added.add(entry);
                } else if (!current.config().equals(input.config()) || !current.resourceType().equals(input.resourceType())) {
                    updated.add(entry);
                } else {
                    unchanged++;
                }
            }
            List<Entry> stale = byKey.values().stream().map(r -> new Entry(r.type().value(), r.name(), r.network()))
                    .sorted(java.util.Comparator.comparing(Entry::toString)).toList();
            return new Plan(added, updated, unchanged, stale);
        }

        private static String key(String type, Optional<String> network, String name) {
            return type + "/" + network.orElse("") + "/" + name;
        }
    }
}
