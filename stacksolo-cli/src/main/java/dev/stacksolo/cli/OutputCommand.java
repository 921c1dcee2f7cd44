package dev.stacksolo.cli;

import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.service.ReferenceService;
import dev.stacksolo.registry.types.AsOf;
import dev.stacksolo.registry.types.OutputsView;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResolvedAsOf;
import dev.stacksolo.registry.types.ResolvedReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stacksolo output <reference>…}: the resolved values and nothing else, for {@code $(…)}. */
@Command(name = "output", mixinStandardHelpOptions = true,
        description = {"Print the value a cross-project reference resolves to, and nothing else; with several",
            "references, one value a line in the order given, all read by one process.",
            "Values are printed unmasked: that is this command's job. When a reference does not resolve,",
            "every one that did not is named and nothing is printed (exit 1). With several references a",
            "value that spans lines is refused (one a line could not hold it): use --json.",
            "--at reads one reference's value as it stood when a deployment ended, or at a time;",
            "--live, what a running deployment wrote (staged, not yet seen by other readers)."},
        footerHeading = "%nExamples:%n",
        footer = {"  DATABASE_URL=$(stacksolo output @shared-infra/main/users-db.connectionString)",
            "  { read -r url; read -r host; } < <(stacksolo output @shop/api @shop/cache)",
            "  stacksolo output @shop/main/api.url @shop/cache.host --json",
            "  stacksolo output @shared-infra/main/users-db --at 2026-11-20T10:00:00Z",
            "  stacksolo output @shared-infra/main/users-db --live    # during its deploy"})
final class OutputCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<reference>", arity = "1..*", description = "@project/[network/]resource[.property]")
    List<String> references;

    @Option(names = "--json", description = "One reference: {reference, value, resource}; several: an object"
            + " keyed by reference, each value as stored (a string, number, object…).")
    boolean json;

    @Option(names = "--at", paramLabel = "DEPLOYMENT|TIME",
            description = "The value as it stood when this deployment ended, or at this time: ISO-8601"
                    + " (2026-11-20T10:00:00Z, or an offset), as stacksolo shows times (2026-11-20 10:00:00"
                    + " +05:30; without the offset: local time), or a date (its start in UTC); a time to"
                    + " the second means its end, a time after now means now. One reference.")
    String at;

    @Option(names = "--live", description = {"While a deployment of the resource's project runs, the value it",
        "wrote (staged) if it wrote one; without --live, the value published before it (what every",
        "other reader sees until the deployment ends)."})
    boolean live;

    @Override
    public Integer call() {
        if (at != null && at.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--at needs a deployment id or a time, such as " + AsOf.timeForms());
        }
        if (at != null && references.size() > 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--at reads one reference; give one, or run output --at once for each");
        }
        if (at != null && live) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--at reads a past value and --live a running deployment's: give one of them");
        }
        try (Cli cli = Cli.forReading(spec)) {
            OutputsView view = live ? OutputsView.LIVE : OutputsView.PUBLISHED;
            if (at != null) {
                printAsOf(cli, references.get(0), parseAt(), json);
            } else {
                print(cli, references, json, view);
            }
            return 0;
        }
    }

    /** {@code --at}: a time, or a deployment id (a date that is no valid time is a usage error). */
    private AsOf parseAt() {
        try {
            return AsOf.parse(at);
        } catch (dev.stacksolo.registry.InvalidInputException notATime) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--at': '" + at.trim() + "' is not a valid time; give a deployment id"
                            + " or a time as " + AsOf.timeForms());
        }
    }

    /** Resolves {@code reference} as of {@code point} and prints it, or its JSON with the version read. */
    static void printAsOf(Cli cli, String reference, AsOf point, boolean json) {
        ResolvedAsOf resolved;
        try {
            resolved = cli.registry().versions().resolveAsOf(reference, point);
        } catch (dev.stacksolo.registry.DeploymentNotFoundException unknown) {
            throw new CliException(unknown.getMessage() + ". --at takes a deployment id or a time: " + AsOf.timeForms(),
                    unknown);
        }
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
            view.put("resource", Views.resourceSummary(resource));
            cli.out().println(Views.json(view));
        } else {
            cli.rawOut().println(resolved.resolved().text());
            cli.rawOut().flush();
        }
    }

    /**
     * Resolves {@code references} and prints their values: one reference as {@link #print(Cli, String,
     * boolean)}; several one a line (text) or as an object keyed by reference (JSON).
     *
     * @throws CliException naming every reference that did not resolve (nothing printed)
     */
    static void print(Cli cli, List<String> references, boolean json) {
        print(cli, references, json, OutputsView.PUBLISHED);
    }

    /** As {@link #print(Cli, List, boolean)}, from the outputs {@code view} names (published, or live). */
    static void print(Cli cli, List<String> references, boolean json, OutputsView view) {
        if (references.size() == 1) {
            print(cli, references.get(0), json, view);
            return;
        }
        // one snapshot for all of them: a deploy published meanwhile is seen entirely or not at all
        Resolved resolved = cli.registry().inSnapshot(registry -> resolveEach(registry.references(), references,
                json, view));
        resolved.unresolved().throwIfAny("nothing was printed");
        printAll(cli, references, json, resolved.values());
    }

    /** What {@link #resolveEach} found: the values, and the references that did not resolve. */
    private record Resolved(Map<String, Object> values, UnresolvedReferences unresolved) {}

    private static Resolved resolveEach(ReferenceService service, List<String> references, boolean json,
            OutputsView view) {
        // made here, not by the caller: a snapshot retried after a transient failure starts afresh
        UnresolvedReferences unresolved = new UnresolvedReferences();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String reference : references) {
            if (values.containsKey(reference)) {
                continue; // asked twice: printed twice, resolved once
            }
            try {
                // text: the one-query path of resolve; JSON keeps the value's type, so it reads the resource
                Object value = json ? service.resolveWithResource(reference, view).value()
                        : service.resolve(reference, view);
                if (!json && ((String) value).indexOf('\n') >= 0) {
                    unresolved.add(reference, "its value spans several lines, which one value a line cannot hold;"
                            + " use --json, or ask for it alone");
                }
                values.put(reference, value);
            } catch (RegistryException failure) {
                unresolved.add(reference, failure);
            }
        }
        return new Resolved(values, unresolved);
    }

    private static void printAll(Cli cli, List<String> references, boolean json, Map<String, Object> values) {
        if (json) {
            cli.out().println(Views.json(values)); // as the one-reference JSON: terminal controls escaped
            cli.out().flush();
        } else {
            StringBuilder text = new StringBuilder();
            for (String reference : references) {
                text.append((String) values.get(reference)).append('\n');
            }
            cli.rawOut().print(text);
            cli.rawOut().flush();
        }
    }

    /** Resolves {@code reference} from the published outputs and prints its value, or {@code {reference, value, resource}}. */
    static void print(Cli cli, String reference, boolean json) {
        print(cli, reference, json, OutputsView.PUBLISHED);
    }

    /** Resolves {@code reference} from the outputs {@code outputs} names and prints as {@link #print(Cli, String, boolean)}. */
    static void print(Cli cli, String reference, boolean json, OutputsView outputs) {
        ResolvedReference resolved = cli.registry().references().resolveWithResource(reference, outputs);
        if (json) {
            RegistryResource resource = resolved.resource();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reference", reference);
            view.put("value", resolved.value());
            view.put("resource", Views.resourceSummary(resource));
            cli.out().println(Views.json(view));
        } else {
            cli.rawOut().println(resolved.text());
            cli.rawOut().flush();
        }
    }
}
