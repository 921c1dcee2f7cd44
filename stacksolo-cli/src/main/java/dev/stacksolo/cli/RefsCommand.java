package dev.stacksolo.cli;

import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.types.ConfigReference;
import dev.stacksolo.registry.types.ResolvedReference;
import dev.stacksolo.registry.types.StaleReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo refs [--check] [--json]}: the current project's cross-project references, resolved. */
@Command(name = "refs", mixinStandardHelpOptions = true,
        description = {"Show the cross-project references in the current folder's config, each with the value it",
            "resolves to (secrets masked) or why it does not resolve. --check exits 1 when any does not:",
            "run it in CI before a deploy. A reference that resolves differently than at the project's last",
            "deploy is marked (see stacksolo stale)."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo refs",
            "  stacksolo refs --check || echo 'a reference does not resolve'",
            "  stacksolo refs --json"})
final class RefsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--check", description = "Exit 1 when any reference does not resolve.")
    boolean check;

    @Option(names = "--json", description = "Print [{reference, path, changedSinceDeploy, resolved, value, error}] as JSON.")
    boolean json;

    @Option(names = "--show-secrets", description = "Show secret values instead of **** or <sensitive>.")
    boolean showSecrets;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            ProjectConfig config = ProjectConfig.read(cli.configFile());
            // one snapshot for all of them: a deploy published meanwhile is seen entirely or not at all
            Found found = cli.registry().inSnapshot(registry -> resolveRows(registry, config));
            List<Map<String, Object>> rows = found.rows();
            Map<String, StaleReference> changed = found.changed();
            int broken = (int) rows.stream().filter(row -> !(Boolean) row.get("resolved")).count();
            if (json) {
                cli.out().println(Views.json(rows));
            } else if (rows.isEmpty()) {
                cli.out().println("No cross-project references in " + config.file() + ".");
            } else {
                Style style = cli.style();
                Table table = new Table("REFERENCE", "WHERE", "VALUE", "SINCE LAST DEPLOY");
                for (Map<String, Object> row : rows) {
                    table.row((String) row.get("reference"), (String) row.get("path"), (Boolean) row.get("resolved")
                            ? (String) row.get("value") : style.red("does not resolve: " + row.get("error")),
                            (Boolean) row.get("changedSinceDeploy") ? style.red(StaleCommand.describe(
                                    changed.get((String) row.get("reference")))) : "-");
                }
                table.print(cli.out(), style);
                cli.out().println();
                long marked = rows.stream().filter(row -> (Boolean) row.get("changedSinceDeploy")).count();
                cli.out().println(rows.size() + " reference" + (rows.size() == 1 ? "" : "s") + ", "
                        + (broken == 0 ? "all resolve" : broken + " do" + (broken == 1 ? "es" : "") + " not resolve")
                        + (marked == 0 ? "." : "; " + marked + " changed since the last deploy"
                                + " (stale: redeploy to use the new values)."));
            }
            return check && broken > 0 ? 1 : 0;
        }
    }

    /** The rows to print, and the references changed since the project's last deploy. */
    private record Found(List<Map<String, Object>> rows, Map<String, StaleReference> changed) {}

    /** The config's references, each resolved or with why not, all read from one snapshot. */
    private Found resolveRows(dev.stacksolo.registry.Registry registry, ProjectConfig config) {
        // A project belongs to its config: refuse here too when the name is registered from another
        // folder's config (as status/sync do), rather than resolve that other project's references.
        java.util.Optional<dev.stacksolo.registry.types.RegistryProject> project = CurrentProject.find(registry, config);
        Map<String, StaleReference> changed = new LinkedHashMap<>();
        project.ifPresent(found -> StatusCommand.staleReferences(registry, found)
                .forEach(stale -> changed.put(stale.reference(), stale)));
        List<ConfigReference> references = registry.references().findReferences(config.root());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ConfigReference found : references) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reference", found.reference().text());
            row.put("path", found.path());
            StaleReference stale = changed.get(found.reference().text());
            row.put("changedSinceDeploy", stale != null);
            try {
                ResolvedReference resolved = registry.references().resolveWithResource(found.reference().text());
                row.put("resolved", true);
                row.put("value", ProjectDetails.outputValue(resolved.resource(), resolved.property(), resolved.text(),
                        showSecrets));
                row.put("error", null);
            } catch (RegistryException e) {
                row.put("resolved", false);
                row.put("value", null);
                row.put("error", Secrets.maskText(e.getMessage()));
            }
            rows.add(row);
        }
        return new Found(rows, changed);
    }
}
