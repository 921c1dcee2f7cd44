package dev.stacksolo.registry.types;

import dev.stacksolo.registry.InvalidReferenceException;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cross-project reference such as {@code @shared-infra/main/users-db.connectionString}.
 *
 * <p>Grammar: {@code @project/[network/]resource[.property]}; segments are lowercase letters, digits
 * and hyphens; the property starts with a letter, then letters, digits, {@code _} and {@code -} (the
 * names deploy tools give outputs: {@code private_key_pem}, {@code ipv4_address}). The TypeScript
 * registry accepts letters only in the property (docs/decisions.md). Immutable and thread-safe.
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
            + " (segments: lowercase letters, digits and hyphens; the property: a letter, then letters, digits, _ and -)";

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
        int end = dot < 0 ? text.length() : dot;
        Optional<String> property = Optional.empty();
        if (dot >= 0) {
            if (dot == text.length() - 1 || !isLetter(text.charAt(dot + 1)) || !all(text, dot + 1, text.length(), true)) {
                throw new InvalidReferenceException(text, "the property after '.' must start with a letter, then"
                        + " letters, digits, _ or -, such as .url, .connectionString or .private_key_pem");
            }
            property = Optional.of(text.substring(dot + 1));
        }
        // plain loops, not split and streams: resolve parses every reference, often in a cold JVM
        int first = text.indexOf('/', 1);
        int second = first < 0 || first >= end ? -1 : text.indexOf('/', first + 1);
        int third = second < 0 || second >= end ? -1 : text.indexOf('/', second + 1);
        int count = first < 0 || first >= end ? 1 : second < 0 || second >= end ? 2 : third < 0 || third >= end ? 3 : 4;
        if (count < 2 || count > 3) {
            throw new InvalidReferenceException(text, "expected 2 or 3 segments separated by '/', found "
                    + (count < 4 ? count : text.substring(1, end).split("/", -1).length));
        }
        String project = segment(text, 1, first);
        return count == 2
                ? new Reference(text, project, Optional.empty(), segment(text, first + 1, end), property)
                : new Reference(text, project, Optional.of(segment(text, first + 1, second)),
                        segment(text, second + 1, end), property);
    }

    private static String segment(String text, int from, int to) {
        if (from == to || !all(text, from, to, false)) {
            throw new InvalidReferenceException(text, "segment '"
                    + InvalidReferenceException.maskedByPart(text.substring(from, to))
                    + "' must be lowercase letters, digits and hyphens");
        }
        return text.substring(from, to);
    }

    private static boolean all(String text, int from, int to, boolean property) {
        for (int i = from; i < to; i++) {
            if (!(property ? isPropertyChar(text.charAt(i)) : isSegmentChar(text.charAt(i)))) {
                return false;
            }
        }
        return true;
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

    private static boolean isPropertyChar(int c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static boolean isSegmentChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    @Override
    public String toString() {
        return text;
    }
}
