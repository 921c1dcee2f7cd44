package dev.stacksolo.cli;

import dev.stacksolo.registry.InvalidReferenceException;
import dev.stacksolo.registry.RegistryException;
import dev.stacksolo.registry.db.Json;
import dev.stacksolo.registry.types.CreateResourceInput;
import dev.stacksolo.registry.types.Reference;
import dev.stacksolo.registry.types.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code env} of one resource of the working folder's project config, with every reference
 * resolved: what {@code stacksolo env} prints and {@code stacksolo run} adds to a command's environment.
 *
 * <p>A value that is a reference (a string that parses as one: {@code @shared-infra/main/users-db},
 * or a same-project {@code @database/db.connectionString}) becomes what it resolves to; any other
 * string is kept as it is, a number, boolean, list or object becomes its JSON text. Every reference
 * that does not resolve is named in one error, and nothing is returned. Values are secrets often:
 * they are never logged, and no message holds one. Not thread-safe (one per command run).
 */
final class ResourceEnvironment {

    /** What a POSIX shell can export, and so what every format may name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ResourceEnvironment() {}

    /**
     * The resolved {@code env} of the resource named {@code resource} ({@code NAME} or
     * {@code NETWORK/NAME}, and of {@code type} when given) in the working folder's config, in the
     * config's order.
     *
     * @throws CliException when the folder has no config, no such resource (or several), its env is
     *     not an object, a name cannot be an environment variable, or references did not resolve
     *     (each named)
     */
    static Map<String, String> resolve(Cli cli, String resource, Optional<String> type) {
        ProjectConfig config = ProjectConfig.read(cli.configFile());
        CreateResourceInput declared = find(config, resource, type);
        String where = describe(declared);
        Object env = declared.config().get("env");
        if (env == null) {
            return Map.of();
        }
        if (!(env instanceof Map<?, ?> entries)) {
            throw new CliException(where + " in " + config.file() + " has an \"env\" that is not an object;"
                    + " write it as {\"NAME\": \"value or @reference\"}");
        }
        UnresolvedReferences unresolved = new UnresolvedReferences();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> references = new LinkedHashMap<>();
        List<String> badNames = entries.keySet().stream().map(String::valueOf)
                .filter(name -> !NAME.matcher(name).matches()).toList();
        if (!badNames.isEmpty()) {
            throw new CliException(where + " in " + config.file() + " has env " + (badNames.size() == 1 ? "name " : "names ")
                    + String.join(", ", badNames.stream().map(name -> "'" + name + "'").toList()) + ", which cannot be "
                    + (badNames.size() == 1 ? "an environment variable" : "environment variables")
                    + " (letters, digits and _, not first a digit); rename "
                    + (badNames.size() == 1 ? "it" : "them"));
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (value == null) {
                throw new CliException(where + " in " + config.file() + " has env " + name + " = null; give it a"
                        + " value or remove it");
            }
            if (value instanceof String text && isReference(text)) {
                references.put(name, text);
                values.put(name, null); // keeps the config's order
            } else {
                values.put(name, value instanceof String text ? text : Json.writeValue(value));
            }
        }
        if (!references.isEmpty()) {
            // one snapshot for all of them: a deploy published meanwhile is seen entirely or not at all
            // (a snapshot retried after a transient failure starts afresh: its failures are collected in it)
            Map<String, Object> resolved = cli.registry().inSnapshot(registry -> {
                if (references.values().stream().anyMatch(reference -> !Reference.parse(reference).isCrossProject())) {
                    // same-project references read this config's project: refused when its name is
                    // registered from another folder's config (that is another project)
                    CurrentProject.find(registry, config);
                }
                Map<String, Object> found = new LinkedHashMap<>();
                for (Map.Entry<String, String> entry : references.entrySet()) {
                    try {
                        found.put(entry.getKey(), registry.references()
                                .resolveInProject(config.name(), declared.network(), entry.getValue()).text());
                    } catch (RegistryException failure) {
                        found.put(entry.getKey(), failure);
                    }
                }
                return found;
            });
            for (Map.Entry<String, Object> entry : resolved.entrySet()) {
                if (entry.getValue() instanceof RegistryException failure) {
                    // "NAME (reference)": as NAME = reference, the message masking would take it for a secret assignment
                    unresolved.add(entry.getKey() + " (" + references.get(entry.getKey()) + ")", failure);
                } else {
                    values.put(entry.getKey(), (String) entry.getValue());
                }
            }
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null && entry.getValue().indexOf('\0') >= 0) {
                // an environment variable ends at its first NUL: refuse rather than cut it
                unresolved.add(entry.getKey() + (references.containsKey(entry.getKey())
                        ? " (" + references.get(entry.getKey()) + ")" : ""), "its value holds a NUL character, which no"
                        + " environment variable can");
            }
        }
        unresolved.throwIfAny("nothing was printed or run");
        return values;
    }

    /** Whether {@code text} is a reference: it parses as one (a same-project one too). */
    private static boolean isReference(String text) {
        if (text.isEmpty() || text.charAt(0) != '@') {
            return false;
        }
        try {
            Reference.parse(text);
            return true;
        } catch (InvalidReferenceException notOne) {
            return false; // "@here" in an env is text, as the library's resolveAll reads it
        }
    }

    /** The one declared resource {@code NAME} or {@code NETWORK/NAME} (of {@code type}) names. */
    private static CreateResourceInput find(ProjectConfig config, String resource, Optional<String> type) {
        int slash = resource.indexOf('/');
        Optional<String> network = slash < 0 ? Optional.empty() : Optional.of(resource.substring(0, slash));
        String name = slash < 0 ? resource : resource.substring(slash + 1);
        Optional<ResourceType> wanted = type.map(ResourceType::fromValue);
        List<CreateResourceInput> matches = new ArrayList<>();
        for (CreateResourceInput input : ConfigResources.declared(config)) {
            if (input.name().equals(name) && (network.isEmpty() || input.network().equals(network))
                    && (wanted.isEmpty() || input.type() == wanted.get())) {
                matches.add(input);
            }
        }
        if (matches.isEmpty()) {
            throw new CliException("no resource '" + resource + "'" + type.map(t -> " of type " + t).orElse("") + " in "
                    + config.file() + "; it declares: " + String.join(", ", ConfigResources.declared(config).stream()
                            .map(ResourceEnvironment::describe).toList()));
        }
        if (matches.size() > 1) {
            List<String> described = matches.stream().map(ResourceEnvironment::describe).toList();
            boolean sameType = matches.stream().map(CreateResourceInput::type).distinct().count() == 1;
            throw new CliException("'" + resource + "' names " + String.join(" and ", described) + " in " + config.file()
                    + "; name one" + (sameType ? " with its network, as " + matches.get(0).network().orElse("") + "/" + name
                            : " with --type " + matches.get(0).type().value()));
        }
        return matches.get(0);
    }

    /** {@code container api (network main)}: a declared resource for messages. */
    private static String describe(CreateResourceInput input) {
        return input.type().value() + " " + input.name() + input.network().map(n -> " (network " + n + ")").orElse("");
    }
}
