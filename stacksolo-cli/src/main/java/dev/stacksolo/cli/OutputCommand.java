package dev.stacksolo.cli;

import dev.stacksolo.registry.types.RegistryResource;
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
            "The value is printed unmasked: that is this command's job."})
final class OutputCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<reference>", description = "@project/[network/]resource[.property]")
    String reference;

    @Option(names = "--json", description = "Print {reference, value, resource} as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            print(cli, reference, json);
            return 0;
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
