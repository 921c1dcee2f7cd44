package dev.stacksolo.cli;

import dev.stacksolo.registry.ProjectNotFoundException;
import dev.stacksolo.registry.ProjectRegisteredElsewhereException;
import dev.stacksolo.registry.ResourceNotFoundException;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stacksolo outputs}: records what a deploy produced. */
@Command(name = "outputs", mixinStandardHelpOptions = true,
        description = {"Record resource outputs, from any deploy tool, show them, and read their history.",
            "Every change of a resource's outputs is kept as a version: `outputs history` lists them,",
            "`outputs diff` compares two deployments, `output --at` reads a value as it stood then."},
        subcommands = {OutputsCommand.Set.class, OutputsCommand.ListOutputs.class, OutputsHistory.History.class,
            OutputsHistory.Diff.class, OutputsHistory.Prune.class},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo outputs set @shop/main/api url=https://api.shop.example",
            "  stacksolo outputs list @shop/main/api", "  stacksolo outputs history @shop/main/api"})
final class OutputsCommand {

    /**
     * The resource {@code reference} names ({@code @project/[network/]resource}, of {@code type}
     * when given).
     *
     * @throws CliException when the reference names a property
     * @throws ProjectNotFoundException, ResourceNotFoundException when there is no such resource
     */
    static RegistryResource resource(Cli cli, Reference reference, String type) {
        requireResourceOnly(reference);
        RegistryProject project = cli.registry().service().findProjectByName(reference.project())
                .orElseThrow(() -> new ProjectNotFoundException(reference.project()));
        return (type != null
                ? cli.registry().service().findResourceByRef(project.id(), reference.resource(), reference.network(),
                        dev.stacksolo.registry.types.ResourceType.fromValue(type))
                : reference.network().isPresent()
                ? cli.registry().service().findResourceByRef(project.id(), reference.resource(), reference.network().get())
                : cli.registry().service().findResourceByRef(project.id(), reference.resource()))
                .orElseThrow(() -> type == null ? new ResourceNotFoundException(reference.project(), reference.network(),
                        reference.resource()) : notOfType(cli, project, reference, type));
    }

    /** No resource of {@code type} has that name: say which types do, if any (else: not found). */
    private static RuntimeException notOfType(Cli cli, RegistryProject project, Reference reference, String type) {
        List<String> others = cli.registry().service().findResourcesByProject(project.id()).stream()
                .filter(r -> r.name().equals(reference.resource())
                        && (reference.network().isEmpty() || reference.network().equals(r.network())))
                .map(r -> r.type().value()).distinct().toList();
        if (others.isEmpty()) {
            return new ResourceNotFoundException(reference.project(), reference.network(), reference.resource());
        }
        return new CliException("project '" + project.name() + "' has no " + type + " named '" + reference.resource()
                + "'; there is a " + String.join(" and a ", others) + " named " + reference.resource()
                + ": give --type " + others.get(0) + ", or leave --type out");
    }

    /** @throws CliException when {@code reference} names a property, saying what to give instead */
    static void requireResourceOnly(Reference reference) {
        if (reference.property().isPresent()) {
            throw new CliException("'" + reference.text() + "' names a property; give the resource only, such as @"
                    + reference.project() + reference.network().map(n -> "/" + n).orElse("") + "/" + reference.resource());
        }
    }

    /** {@code stacksolo outputs list <@project/[network/]resource>}: every output of one resource. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Show every output of one resource, one a line (list <project> shows three of each).",
                "Secrets are masked unless --show-secrets: outputs marked sensitive show <sensitive>, values that",
                "look secret ****."},
            footerHeading = "%nExamples:%n",
            footer = {"  stacksolo outputs list @shared-infra/main/users-db",
                "  stacksolo outputs list @fullstack/main/api --type function --json"})
    static final class ListOutputs implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<@project/[network/]resource>", description = "The resource.")
        String target;

        @Option(names = "--type", paramLabel = "TYPE", description = "The resource's logical type (container,"
                + " function…): picks one of two resources that share a name in one network.")
        String type;

        @Option(names = "--json", description = "Print {reference, resource: {id, name, type, network, status},"
                + " outputs, sensitive} as JSON (outputs null when none are recorded; masked as in text).")
        boolean json;

        @Option(names = "--show-secrets", description = "Show secret values instead of **** or <sensitive>.")
        boolean showSecrets;

        @Override
        public Integer call() {
            Reference reference = Reference.parse(target);
            try (Cli cli = Cli.forReading(spec)) {
                RegistryResource resource = resource(cli, reference, type);
                Optional<Map<String, Object>> outputs = resource.outputs().map(o -> showSecrets ? o
                        : dev.stacksolo.registry.Secrets.mask(o, resource.sensitiveOutputs()));
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("reference", target);
                    view.put("resource", Views.resourceSummary(resource));
                    view.put("outputs", outputs.orElse(null));
                    view.put("sensitive", resource.sensitiveOutputs().stream()
                            .map(key -> showSecrets ? key : dev.stacksolo.registry.Secrets.maskText(key))
                            .sorted().distinct().toList());
                    cli.out().println(Views.json(view));
                    return 0;
                }
                String name = reference.project() + "/" + resource.network().map(n -> n + "/").orElse("") + resource.name();
                if (outputs.isEmpty() || outputs.get().isEmpty()) {
                    cli.out().println("No outputs recorded for " + name + " (" + resource.type().value() + "); a deploy"
                            + " records them, or `stacksolo outputs set @" + name + " KEY=VALUE`.");
                    return 0;
                }
                Table table = new Table("KEY", "VALUE");
                outputs.get().forEach((key, value) -> table.row(key, value instanceof String text ? text
                        : dev.stacksolo.registry.db.Json.writeValue(value)));
                table.print(cli.out(), cli.style());
                return 0;
            }
        }
    }

    /** {@code stacksolo outputs set <@project/[network/]resource> KEY=VALUE… | --from FILE|-}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a resource's outputs; its status becomes ready.",
                "KEY=VALUE pairs are merged into the outputs it has; --from replaces them with a JSON object:",
                "plain ({\"url\": \"…\"}), `pulumi stack output --json`, or `terraform output -json`",
                "({\"url\": {\"value\": \"…\", \"type\": \"string\", \"sensitive\": false}}). Use --from - for stdin.",
                "Sensitive values: Terraform's \"sensitive\": true, or --sensitive KEY, marks a key; views then show",
                "<sensitive> instead of its value (output and refs --show-secrets still give it). A key stays",
                "marked until Terraform's output says \"sensitive\": false for it. Values that look secret",
                "(passwords, tokens, keys, URLs with a password) are masked as **** without marking."},
            footerHeading = "%nExamples:%n",
            footer = {"  stacksolo outputs set @shop/main/api url=https://api.shop.example",
                "  stacksolo outputs set @shop/main/db --from <(terraform output -json)",
                "  stacksolo outputs set @shop/main/db password=s3cret --sensitive password",
                "  stacksolo outputs set @shop/main/api url=https://api.shop.example --json"})
    static final class Set implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<@project/[network/]resource>", description = "The resource.")
        String target;

        // Not an exclusive ArgGroup: picocli mis-assigns positional parameters inside groups,
        // so the "one of KEY=VALUE… or --from" rule is checked in call().
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE", description = "Outputs to set (merged).")
        List<String> pairs = List.of();

        @Option(names = "--from", paramLabel = "FILE|-", description = "A JSON file of outputs (- for stdin), replacing them.")
        String from;

        @Option(names = "--sensitive", paramLabel = "KEY", split = ",",
                description = "Mark these output keys sensitive (repeatable, or comma-separated): views show"
                        + " <sensitive> for them unless --show-secrets.")
        List<String> sensitive = List.of();

        @Option(names = "--type", paramLabel = "TYPE",
                description = "The resource's logical type (container, function…): picks one of two resources"
                        + " that share a name in one network.")
        String type;

        @Option(names = "--deployment", paramLabel = "ID",
                description = "Write on behalf of this running deployment (the id `deployment start` printed):"
                        + " staged, readers see every output the deployment wrote at once when it ends"
                        + " (`output --live` before); refused when it finished or lost its project's lock."
                        + " Without it, a write to a project another deploy holds locked is refused.")
        String deployment;

        @Option(names = "--json", description = "Print {reference, resource, keys, sensitive, deployment}: the keys"
                + " written (never their values), the keys marked sensitive now, and the deployment id (the keys are"
                + " staged until it ends) or null.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if ((from == null) == pairs.isEmpty()) {
                throw new ParameterException(spec.commandLine(), from == null
                        ? "Give the outputs to set: KEY=VALUE… or --from FILE|-"
                        : "Give either KEY=VALUE pairs or --from, not both");
            }
            Reference reference = Reference.parse(target);
            requireResourceOnly(reference);
            Parsed parsed = from != null ? readJson(from) : new Parsed(parsePairs(pairs), java.util.Set.of(), java.util.Set.of());
            Map<String, Object> values = parsed.values();
            try (Cli cli = Cli.forRecorded(spec)) {
                RegistryResource resource = resource(cli, reference, type);
                RegistryProject project = cli.registry().service().findProjectById(resource.projectId())
                        .orElseThrow(() -> new ProjectNotFoundException(reference.project()));
                requireOwnedByThisFolder(cli, project);
                // on behalf of a deployment, the outputs and marks it staged already are what this write builds on
                Optional<dev.stacksolo.registry.types.StagedOutputs> staged = deployment == null ? Optional.empty()
                        : cli.registry().deployments().stagedOutputs(deployment).stream()
                                .filter(row -> row.resourceId().equals(resource.id())).findFirst();
                Optional<Map<String, Object>> current = staged.map(dev.stacksolo.registry.types.StagedOutputs::outputs)
                        .or(resource::outputs);
                for (String key : sensitive) {
                    if (!values.containsKey(key) && (from != null
                            || current.map(stored -> !stored.containsKey(key)).orElse(true))) {
                        String shown = looksSecret(key) ? dev.stacksolo.registry.Secrets.maskText(key) : key;
                        throw new CliException("--sensitive " + shown + " names no output of " + target + " (given or"
                                + " stored); give it a value, such as " + shown + "=…");
                    }
                }
                java.util.Set<String> marked = new java.util.TreeSet<>(parsed.sensitive());
                marked.addAll(sensitive);
                // --from replaces: the marks add up (a key marked before stays marked) unless Terraform
                // says a key is not sensitive; KEY=VALUE merges, and the library adds the marks to those stored
                java.util.Set<String> marks = new java.util.TreeSet<>(staged
                        .map(dev.stacksolo.registry.types.StagedOutputs::sensitiveOutputs).orElse(resource.sensitiveOutputs()));
                marks.removeAll(parsed.notSensitive());
                marks.addAll(marked);
                Audit.record(cli, spec, "outputs set", Optional.of(project.name()), Optional.of(project.gcpProjectId()),
                        Optional.empty(), audit -> {
                            // KEY=VALUE merges: the read of the stored outputs and the write are one
                            // transaction in the library, so outputs set racing from several processes all land
                            try {
                                if (deployment != null) {
                                    if (from == null) {
                                        cli.registry().deployments().mergeResourceOutputs(deployment, resource.id(), values,
                                                marked);
                                    } else {
                                        cli.registry().deployments().updateResourceOutputs(deployment, resource.id(), values,
                                                marks);
                                    }
                                } else if (from == null) {
                                    cli.registry().service().mergeResourceOutputs(resource.id(), values, marked);
                                } else {
                                    cli.registry().service().updateResourceOutputs(resource.id(), values, marks);
                                }
                            } catch (ResourceNotFoundException gone) {
                                // the resource was looked up by name before the write's transaction: removed
                                // meanwhile (unregister, sync), say so by the names the user gave, not by its id
                                if (cli.registry().service().findProjectByName(reference.project()).isEmpty()) {
                                    throw new ProjectNotFoundException(reference.project());
                                }
                                throw new ResourceNotFoundException(reference.project(), reference.network(),
                                        reference.resource());
                            }
                            // the keys only: values may be secrets
                            audit.event("outputs_set", Audit.details("resource", resource.network().map(n -> n + "/").orElse("")
                                    + resource.name(), "keys", List.copyOf(values.keySet()),
                                    "sensitive", List.copyOf(marked),
                                    "deployment", deployment == null ? "" : deployment));
                            return null;
                        });
                if (json) {
                    Map<String, Object> view = new java.util.LinkedHashMap<>();
                    view.put("reference", "@" + reference.project() + "/" + resource.network().map(n -> n + "/").orElse("")
                            + resource.name());
                    view.put("resource", Views.resourceSummary(resource));
                    view.put("keys", List.copyOf(values.keySet()));
                    view.put("sensitive", List.copyOf(marks));
                    view.put("deployment", deployment);
                    cli.out().println(Views.json(view));
                    return 0;
                }
                String what = values.size() + " output" + (values.size() == 1 ? "" : "s") + " of "
                        + reference.project() + "/" + resource.network().map(n -> n + "/").orElse("") + resource.name()
                        + ": " + String.join(", ", values.keySet());
                cli.out().println(deployment == null ? "Set " + what
                        : "Staged " + what + " (deployment " + deployment + "; readers see them when it ends,"
                                + " `stacksolo output --live` now)");
                return 0;
            }
        }

        /**
         * Refuses to write to a project that the working folder's config names but that is
         * registered from another folder's config: a deploy run from a copy of a project folder
         * must not overwrite the original's outputs. From a folder without a config, or whose
         * config names another project, the reference alone says what is meant (a CI job, a script
         * recording another project's outputs).
         */
        private static void requireOwnedByThisFolder(Cli cli, RegistryProject project) {
            if (!java.nio.file.Files.isRegularFile(cli.configFile())) {
                return;
            }
            ProjectConfig config;
            try {
                config = ProjectConfig.read(cli.configFile());
            } catch (CliException unreadable) {
                return; // a broken config here names no project
            }
            if (config.name().equals(project.name())
                    && !RegistryService.sameConfigFile(project.configPath(), config.file().toString())) {
                throw new ProjectRegisteredElsewhereException(project.name(),
                        project.configPath().orElse("(no config path)"), config.file().toString());
            }
        }

        /**
         * What a KEY of {@code KEY=VALUE} may be: a letter or {@code _}, then letters, digits, {@code _},
         * {@code -} and {@code .}, as deploy tools name outputs (Terraform: letters, digits, {@code _}
         * and {@code -}; Pulumi: JavaScript identifiers; dotted names such as {@code app.url}). A
         * connection string or a base64 password given without a key has a {@code :}, {@code /},
         * {@code @} or {@code ==} before or at its first {@code =}, so it is never taken for a key.
         */
        static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

        private Map<String, Object> parsePairs(List<String> pairs) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < pairs.size(); i++) {
                String pair = pairs.get(i);
                int equals = pair.indexOf('=');
                String key = equals < 0 ? "" : pair.substring(0, equals);
                // a value starting with '=' is the padding of a base64 password given without a key
                if (equals <= 0 || !KEY.matcher(key).matches() || pair.startsWith("=", equals + 1)
                        || looksSecret(key)) {
                    // which one, never what: a bare value is as likely a password as a typo
                    throw new ParameterException(spec.commandLine(), "value argument " + (i + 1) + " is not KEY=VALUE"
                            + " (counting after the reference): a KEY is a letter or _, then letters, digits, _, - or ."
                            + " (not secret-looking), and the value follows its first =; write for example"
                            + " url=https://api.example.com, or give a connection string a key:"
                            + " connectionString='postgresql://…'");
                }
                values.put(key, pair.substring(equals + 1));
            }
            return values;
        }

        /** Whether {@code key} holds text that views would mask (a URL with a password, a token). */
        static boolean looksSecret(String key) {
            return !dev.stacksolo.registry.Secrets.maskText(key).equals(key);
        }

        /**
         * Refuses a key of a {@code --from} document that holds control characters or looks secret
         * (a connection string pasted as a key), naming its position, never the key.
         */
        private static void requireKeys(Map<String, Object> object, String name) {
            int position = 0;
            for (String key : object.keySet()) {
                position++;
                boolean control = key.chars().anyMatch(c -> Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT);
                if (key.isEmpty() || control || looksSecret(key)) {
                    throw new CliException("key " + position + " of " + name + " is no output name ("
                            + (key.isEmpty() ? "it is empty" : control ? "it holds control characters"
                                    : "it looks like a secret, such as a URL with a password or a token")
                            + "); name each output, such as {\"connectionString\": \"postgresql://…\"}");
                }
            }
        }

        /** Outputs read from the command line or a file, with what the file says of their sensitivity. */
        record Parsed(Map<String, Object> values, java.util.Set<String> sensitive, java.util.Set<String> notSensitive) {}

        private Parsed readJson(String from) throws IOException {
            String name = from.equals("-") ? "stdin" : from;
            String text = InputFiles.read(from, "--from " + from);
            Map<String, Object> object;
            try {
                object = Json.readObject(text);
            } catch (IOException e) {
                // where, never what: the text next to the mistake may be a password
                throw new CliException(name + " is not a JSON object of outputs (" + Json.describeError(e)
                        + "); fix it, or check it with: jq . " + (from.equals("-") ? "" : from));
            }
            requireKeys(object, name);
            if (!isTerraformOutput(object)) {
                return new Parsed(object, java.util.Set.of(), java.util.Set.of());
            }
            java.util.Set<String> marked = new java.util.TreeSet<>();
            java.util.Set<String> unmarked = new java.util.TreeSet<>();
            object.forEach((key, value) -> {
                Object flag = ((Map<?, ?>) value).get("sensitive");
                if (Boolean.TRUE.equals(flag)) {
                    marked.add(key);
                } else if (Boolean.FALSE.equals(flag)) {
                    unmarked.add(key);
                } else if (flag != null) {
                    // "yes" read as not sensitive would show a secret: refuse before anything is written
                    throw new CliException("output '" + key + "' in " + name + " has \"sensitive\" that is neither"
                            + " true nor false; write \"sensitive\": true (or false)");
                }
            });
            return new Parsed(terraformValues(object), marked, unmarked);
        }

        /** `terraform output -json`: every value an object with a "value" (and "type", "sensitive"). */
        static boolean isTerraformOutput(Map<String, Object> object) {
            return !object.isEmpty() && object.values().stream().allMatch(v -> v instanceof Map<?, ?> m
                    && m.containsKey("value") && (m.containsKey("type") || m.containsKey("sensitive")));
        }

        private static Map<String, Object> terraformValues(Map<String, Object> object) {
            Map<String, Object> values = new LinkedHashMap<>();
            object.forEach((key, value) -> values.put(key, ((Map<?, ?>) value).get("value")));
            return values;
        }
    }
}
