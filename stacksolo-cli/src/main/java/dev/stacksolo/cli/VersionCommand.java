package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo version}: this build's version, commit, build time, Java runtime and registry schema. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = {"Print the version of stacksolo, the commit and time it was built, the Java runtime it runs on,",
            "and the registry schema version it writes (also: stacksolo --version)."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo version", "  stacksolo version --json | jq -r .version"})
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print {version, commit, buildTime, java: {version, vendor, home},"
            + " registrySchemaVersion} as JSON; commit and buildTime are null when the build did not know them.")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            spec.commandLine().getOut().println(Views.json(view(BuildInfo.current())));
        } else {
            for (String line : lines(BuildInfo.current())) {
                spec.commandLine().getOut().println(line);
            }
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The text of {@code stacksolo version} and {@code stacksolo --version}. */
    static List<String> lines(BuildInfo build) {
        return List.of(
                "stacksolo " + build.version().orElse("(development build)"),
                "commit:          " + build.commit().orElse("unknown"),
                "built:           " + build.buildTime().orElse("unknown"),
                "java:            " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") in "
                        + System.getProperty("java.home"),
                "registry schema: " + Registry.SCHEMA_VERSION);
    }

    /** The JSON shape of {@code stacksolo version --json}. */
    static Map<String, Object> view(BuildInfo build) {
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", Runtime.version().toString());
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("home", System.getProperty("java.home"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", build.version().orElse(null));
        view.put("commit", build.commit().orElse(null));
        view.put("buildTime", build.buildTime().orElse(null));
        view.put("java", java);
        view.put("registrySchemaVersion", Registry.SCHEMA_VERSION);
        return view;
    }
}
