package dev.stacksolo.cli;

import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How one project is shown to people by {@code list <project>} and {@code status}. */
final class ProjectDetails {

    private ProjectDetails() {}

    static void print(Cli cli, RegistryProject project, Style style) {
        cli.out().println(style.bold(project.name()) + "  " + style.status(project.status()));
        Table details = new Table("", "");
        details.row("GCP project", project.gcpProjectId());
        details.row("Region", project.region());
        details.row("Config", project.configPath().orElse("-"));
        details.row("Last deploy", Times.local(project.lastDeployedAt()));
        details.row("Registered", Times.local(project.createdAt()));
        details.printRows(cli.out());
    }

    /**
     * One output value as shown: as it is with {@code showSecrets}, else {@code <sensitive>} when
     * marked and masked by detection otherwise.
     */
    static String outputValue(RegistryResource resource, String key, Object value, boolean showSecrets) {
        if (showSecrets) {
            return String.valueOf(value);
        }
        return String.valueOf(value != null && resource.isSensitive(key) ? Secrets.SENSITIVE : Secrets.maskValue(key, value));
    }

    /** Up to {@code limit} outputs as {@code key=value}, secrets masked unless asked. */
    static String outputsSummary(RegistryResource resource, int limit, boolean showSecrets) {
        if (resource.outputs().isEmpty()) {
            return "-";
        }
        Map<String, Object> outputs = showSecrets ? resource.outputs().get() : Secrets.mask(resource.outputs().get(),
                resource.sensitiveOutputs());
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, Object> entry : outputs.entrySet()) {
            if (shown.size() == limit) {
                shown.add("(+" + (outputs.size() - limit) + " more)");
                break;
            }
            shown.add(entry.getKey() + "=" + entry.getValue());
        }
        return shown.isEmpty() ? "-" : String.join("  ", shown);
    }
}
