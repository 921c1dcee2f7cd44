package dev.stacksolo.cli;

import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResolvedAsOf;
import dev.stacksolo.registry.types.ResolvedReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stacksolo output <reference>}: the resolved value and nothing else, for {@code $(…)}. */
@Command(name = "output", mixinStandardHelpOptions = true,
        description = {"Print the value a cross-project reference resolves to, and nothing else.",
            "Example: DATABASE_URL=$(stacksolo output @shared-infra/main/users-db.connectionString)",
            "The value is printed unmasked: that is this command's job.",
            "--at reads the value as it stood when a deployment ended, or at a time:",
            "stacksolo output @shared-infra/main/users-db --at 2026-11-20T10:00:00Z"})
final class OutputCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<reference>", description = "@project/[network/]resource[.property]")
    String reference;

    @Option(names = "--json", description = "Print {reference, value, resource} as JSON.")
    boolean json;

    @Option(names = "--at", paramLabel = "DEPLOYMENT|TIME",
            description = "The value as it stood when this deployment ended, or at this ISO-8601 time"
                    + " (2026-11-20T10:00:00Z, an offset, or a date: its start in UTC).")
    String at;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            if (at != null) {
                printAsOf(cli, reference, AsOf.parse(at), json);
            } else {
                print(cli, reference, json);
            }
            return 0;
        }
    }

    /** Resolves {@code reference} as of {@code point} and prints it, or its JSON with the version read. */
    static void printAsOf(Cli cli, String reference, AsOf point, boolean json) {
        ResolvedAsOf resolved = cli.registry().versions().resolveAsOf(reference, point);
        if (json) {
            RegistryResource resource = resolved.resolved().resource();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reference", reference);
            view.put("value", resolved.resolved().value());
            view.put("at", point instanceof AsOf.Deployment d ? d.deploymentId()
                    : dev.stacksolo.registry.db.Times.format(((AsOf.Time) point).instant()));
            view.put("version", resolved.version().version());
            view.put("recordedAt", dev.stacksolo.registry.db.Times.format(resolved.version().recordedAt()));
            view.put("deploymentId", resolved.version().deploymentId().orElse(null));
            view.put("by", resolved.version().by().orElse(null));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", resource.id());
            summary.put("name", resource.name());
            summary.put("type", resource.type().value());
            summary.put("network", resource.network().orElse(null));
            summary.put("status", resource.status().value());
            view.put("resource", summary);
            cli.out().println(Views.json(view));
        } else {
            cli.rawOut().println(resolved.resolved().text());
            cli.rawOut().flush();
        }
    }

    /** Resolves {@code reference} and prints its value, or {@code {reference, value, resource}}. */
    static void print(Cli cli, String reference, boolean json) {
        ResolvedReference resolved = cli.registry().references().resolveWithResource(reference);
        if (json) {
            RegistryResource resource = resolved.resource();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reference", reference);
            view.put("value", resolved.value());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", resource.id());
            summary.put("name", resource.name());
            summary.put("type", resource.type().value());
            summary.put("network", resource.network().orElse(null));
            summary.put("status", resource.status().value());
            view.put("resource", summary);
            cli.out().println(Views.json(view));
        } else {
            cli.rawOut().println(resolved.text());
            cli.rawOut().flush();
        }
    }
}
