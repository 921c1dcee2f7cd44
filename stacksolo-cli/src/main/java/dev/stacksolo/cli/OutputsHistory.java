package dev.stacksolo.cli;

import dev.stacksolo.registry.Secrets;

import dev.stacksolo.registry.types.OutputVersion;
import dev.stacksolo.registry.types.OutputsDiff;
import dev.stacksolo.registry.types.PruneReport;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.ResourceOutputsDiff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The history subcommands of {@code stacksolo outputs}: history, diff, prune (issue 16). */
final class OutputsHistory {

    private OutputsHistory() {}

    /** A version as {@code outputs history --json} prints it: outputs masked unless {@code showSecrets}. */
    static Map<String, Object> view(OutputVersion version, boolean showSecrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", version.version());
        view.put("outputs", showSecrets ? version.outputs() : Secrets.mask(version.outputs(), version.sensitiveKeys()));
        view.put("recordedAt", dev.stacksolo.registry.db.Times.format(version.recordedAt()));
        view.put("deploymentId", version.deploymentId().orElse(null));
        view.put("by", version.by().orElse(null));
        return view;
    }

    /** {@code key=value, …} of masked (or raw) outputs, for a table cell. */
    static String summary(Map<String, Object> outputs, java.util.Set<String> sensitive, boolean showSecrets) {
        Map<String, Object> shown = showSecrets ? outputs : Secrets.mask(outputs, sensitive);
        List<String> parts = new ArrayList<>();
        shown.forEach((key, value) -> parts.add(key + "=" + (value instanceof String text ? text : Views.json(value)
                .replace("\n", "").replace("  ", ""))));
        return String.join(", ", parts);
    }

    /** {@code stacksolo outputs history <@project/[network/]resource>}. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  stacksolo outputs history @shared-infra/main/users-db",
                "  stacksolo outputs history @shared-infra/main/users-db -n 5 --json"},
            description = {"List a resource's output versions, newest first.",
                "Every change of its outputs is a version: when, on behalf of which deployment, by whom",
                "(user@host; unknown for another tool's write, such as the TypeScript registry's).",
                "Values are masked unless --show-secrets."})
    static final class History implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<@project/[network/]resource>", description = "The resource.")
        String target;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", converter = CountConverter.class, defaultValue = "20",
                description = "Show at most N versions (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print [{version, outputs, recordedAt, deploymentId, by}].")
        boolean json;

        @Option(names = "--show-secrets", description = "Show secret values instead of **** or <sensitive>.")
        boolean showSecrets;

        @Override
        public Integer call() {
            Reference reference = Reference.parse(target);
            try (Cli cli = Cli.forReading(spec)) {
                List<OutputVersion> versions = cli.registry().versions().history(reference, limit);
                if (json) {
                    cli.out().println(Views.json(versions.stream().map(v -> view(v, showSecrets)).toList()));
                    return 0;
                }
                if (versions.isEmpty()) {
                    cli.out().println("No outputs recorded for " + target + " yet.");
                    return 0;
                }
                Style style = cli.style();
                Table table = new Table("VERSION", "RECORDED", "BY", "DEPLOYMENT", "OUTPUTS");
                for (OutputVersion version : versions) {
                    table.row(String.valueOf(version.version()), Times.local(version.recordedAt()),
                            version.by().orElse("(unknown)"), version.deploymentId().orElse("-"),
                            summary(version.outputs(), version.sensitiveKeys(), showSecrets));
                }
                table.print(cli.out(), style);
                if (versions.size() == limit) {
                    long older = cli.registry().versions().count(reference) - limit;
                    if (older > 0) {
                        long all = limit + older;
                        cli.out().println(older + " older version" + (older == 1 ? " is" : "s are") + " not shown; -n "
                                + Math.min(all, Integer.MAX_VALUE) + " shows " + (all == 2 ? "both" : "all " + all) + ".");
                    }
                }
                return 0;
            }
        }
    }

    /** {@code stacksolo outputs diff <project> [--from D] [--to D]}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  stacksolo outputs diff shared-infra",
                "  stacksolo outputs diff shared-infra --from \"$previous\" --to \"$id\" --json"},
            description = {"Show how a project's outputs changed between two deployments.",
                "Per resource: + added, - removed, ~ changed outputs. --from defaults to the project's previous",
                "succeeded deployment (the one before --to), --to to now. Values are masked unless --show-secrets;",
                "a masked value that changed shows as `key: <sensitive> (changed)`."})
    static final class Diff implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<project>", description = "The project.")
        String project;

        @Option(names = "--from", paramLabel = "DEPLOYMENT", description = "Compare from as this deployment ended.")
        String from;

        @Option(names = "--to", paramLabel = "DEPLOYMENT", description = "Compare to as this deployment ended (default: now).")
        String to;

        @Option(names = "--json", description = "Print {project, from, to, resources: [{resource, added, removed, changed}]}.")
        boolean json;

        @Option(names = "--show-secrets", description = "Show secret values instead of **** or <sensitive>.")
        boolean showSecrets;

        @Override
        public Integer call() {
            try (Cli cli = Cli.forReading(spec)) {
                OutputsDiff diff = cli.registry().versions().diff(project, Optional.ofNullable(from), Optional.ofNullable(to));
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("project", project);
                    view.put("from", diff.from().orElse(null));
                    view.put("to", diff.to().orElse(null));
                    view.put("resources", diff.resources().stream().map(r -> json(r, showSecrets)).toList());
                    cli.out().println(Views.json(view));
                    return 0;
                }
                String span = "from " + diff.from().map(id -> "deployment " + id).orElse("the start")
                        + " to " + diff.to().map(id -> "deployment " + id).orElse("now");
                if (diff.isEmpty()) {
                    cli.out().println("No outputs of " + project + " changed " + span + ".");
                    return 0;
                }
                cli.out().println("Outputs of " + project + " " + span + ":");
                for (ResourceOutputsDiff resource : diff.resources()) {
                    cli.out().println(resource.reference());
                    for (String line : lines(resource, showSecrets)) {
                        cli.out().println("  " + Terminal.escape(line, false));
                    }
                }
                return 0;
            }
        }

        private static Object shown(ResourceOutputsDiff resource, String key, Object value, boolean showSecrets) {
            if (showSecrets) {
                return value;
            }
            return resource.sensitiveKeys().contains(key) ? Secrets.SENSITIVE : Secrets.maskValue(key, value);
        }

        /** An output's key as shown: masked when it holds a secret (another tool wrote any text as a key). */
        private static String shownKey(String key, boolean showSecrets) {
            return showSecrets ? key : Secrets.maskText(key);
        }

        private static String text(Object value) {
            return value instanceof String string ? string : Views.json(value).replace("\n", "").replace("  ", "");
        }

        static List<String> lines(ResourceOutputsDiff resource, boolean showSecrets) {
            List<String> lines = new ArrayList<>();
            resource.added().forEach((key, value) ->
                    lines.add("+ " + shownKey(key, showSecrets) + ": " + text(shown(resource, key, value, showSecrets))));
            resource.removed().forEach((key, value) ->
                    lines.add("- " + shownKey(key, showSecrets) + ": " + text(shown(resource, key, value, showSecrets))));
            resource.changed().forEach((key, change) -> {
                String before = text(shown(resource, key, change.before(), showSecrets));
                String after = text(shown(resource, key, change.after(), showSecrets));
                lines.add("~ " + shownKey(key, showSecrets) + ": " + (before.equals(after) ? after + " (changed)" : before + " -> " + after));
            });
            return lines;
        }

        private static Map<String, Object> json(ResourceOutputsDiff resource, boolean showSecrets) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("resource", resource.reference());
            view.put("resourceId", resource.resourceId());
            Map<String, Object> added = new LinkedHashMap<>();
            resource.added().forEach((key, value) -> added.put(shownKey(key, showSecrets), shown(resource, key, value, showSecrets)));
            Map<String, Object> removed = new LinkedHashMap<>();
            resource.removed().forEach((key, value) -> removed.put(shownKey(key, showSecrets), shown(resource, key, value, showSecrets)));
            Map<String, Object> changed = new LinkedHashMap<>();
            resource.changed().forEach((key, change) -> {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("before", shown(resource, key, change.before(), showSecrets));
                pair.put("after", shown(resource, key, change.after(), showSecrets));
                changed.put(shownKey(key, showSecrets), pair);
            });
            view.put("added", added);
            view.put("removed", removed);
            view.put("changed", changed);
            view.put("fromVersion", resource.fromVersion().orElse(null));
            view.put("toVersion", resource.toVersion().orElse(null));
            return view;
        }
    }

    /** {@code stacksolo outputs prune --older-than D [--dry-run]}. */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Remove old output versions that nothing needs.",
                "Keeps each resource's current version, every version a deployment's outputs as it ended need",
                "(`output --at DEPLOYMENT`), and every version a staleness baseline records."},
            footerHeading = "%nExamples:%n",
            footer = {"  stacksolo outputs prune --older-than 90d --dry-run",
                "  stacksolo outputs prune --older-than 90d --json"})
    static final class Prune implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--older-than", paramLabel = "D", required = true, converter = DurationConverter.class,
                description = "Only versions recorded longer ago than this: 90d, 12h, 30m, 45s, 2w, or ISO-8601 (P90D).")
        Duration olderThan;

        @Option(names = "--dry-run", description = "Count what would go; remove nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print {cutoff, removed, keptOld, remaining, dryRun} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (Cli cli = dryRun ? Cli.forReading(spec) : Cli.of(spec)) {
                PruneReport report = dryRun ? cli.registry().versions().prune(olderThan, true)
                        : Audit.record(cli, spec, "outputs prune", Optional.empty(), Optional.empty(), Optional.empty(),
                                audit -> {
                                    PruneReport done = cli.registry().versions().prune(olderThan, false);
                                    audit.event("outputs_pruned", Audit.details("removed", done.removed(),
                                            "before", dev.stacksolo.registry.db.Times.format(done.cutoff())));
                                    return done;
                                });
                if (json) {
                    java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
                    view.put("cutoff", dev.stacksolo.registry.db.Times.format(report.cutoff()));
                    view.put("removed", report.removed());
                    view.put("keptOld", report.keptOld());
                    view.put("remaining", report.remaining());
                    view.put("dryRun", report.dryRun());
                    cli.out().println(Views.json(view));
                    return 0;
                }
                cli.out().println((dryRun ? "Would remove " : "Removed ") + report.removed() + " output version"
                        + (report.removed() == 1 ? "" : "s") + " recorded before " + Times.local(report.cutoff())
                        + "; kept " + report.keptOld() + " as old (current outputs, deployments' ends, baselines); "
                        + report.remaining() + " remain" + (dryRun ? " now" : "") + ".");
                return 0;
            }
        }
    }
}
