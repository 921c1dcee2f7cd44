package dev.stacksolo.registry.types;

import dev.stacksolo.registry.InvalidReferenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cross-project reference such as {@code @shared-infra/main/users-db.connectionString}.
 *
 * <p>Grammar: {@code @project/[network/]resource[.property]}; segments are lowercase letters, digits
 * and hyphens, the property letters only. Immutable and thread-safe.
 *
 * @param text the reference as written
 * @param project the project name
 * @param network the network, when the reference names one
 * @param resource the resource name
 * @param property the output property, when named; otherwise the resource type's default is read
 */
public record Reference(
        String text, String project, Optional<String> network, String resource,
        Optional<String> property) {

    /** Checks that no component is null. */
    public Reference {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(property, "property");
    }

    /** The grammar, as error messages show it. */
    public static final String GRAMMAR = "@project/resource[.property] or @project/network/resource[.property]"
            + " (lowercase letters, digits and hyphens; the property letters only)";

    /**
     * Parses {@code text}.
     *
     * @throws InvalidReferenceException when it does not follow the grammar; the message says which
     *     part is wrong
     */
    public static Reference parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '@') {
            throw new InvalidReferenceException(text, "a reference starts with '@'");
        }
        int dot = text.indexOf('.');
        String path = dot < 0 ? text.substring(1) : text.substring(1, dot);
        Optional<String> property = Optional.empty();
        if (dot >= 0) {
            String name = text.substring(dot + 1);
            if (name.isEmpty() || !name.chars().allMatch(Reference::isLetter)) {
                throw new InvalidReferenceException(text,
                        "the property after '.' must be letters only, such as .url or .connectionString");
            }
            property = Optional.of(name);
        }
        String[] segments = path.split("/", -1);
        if (segments.length < 2 || segments.length > 3) {
            throw new InvalidReferenceException(text,
                    "expected 2 or 3 segments separated by '/', found " + segments.length);
        }
        for (String segment : segments) {
            if (segment.isEmpty() || !segment.chars().allMatch(Reference::isSegmentChar)) {
                throw new InvalidReferenceException(text, "segment '" + segment
                        + "' must be lowercase letters, digits and hyphens");
            }
        }
        return segments.length == 2
                ? new Reference(text, segments[0], Optional.empty(), segments[1], property)
                : new Reference(text, segments[0], Optional.of(segments[1]), segments[2], property);
    }

    /**
     * Whether this reference points into another project rather than being a same-project reference
     * ({@code @database/db.connectionString}), whose first segment is a resource type.
     */
    public boolean isCrossProject() {
        return network.isPresent() || !Names.RESERVED_PROJECT_NAMES.contains(project);
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSegmentChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    @Override
    public String toString() {
        return text;
    }
}
