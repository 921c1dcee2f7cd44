package dev.stacksolo.registry.types;

import dev.stacksolo.registry.InvalidNameException;
import dev.stacksolo.registry.Secrets;
import java.util.Optional;
import java.util.Set;

/**
 * The naming rules that keep every project, network and resource addressable by a reference.
 *
 * <p>A reference's segments are lowercase letters, digits and hyphens, so names are too. A project
 * may not be named after a resource type that same-project references start with ({@code @database/db}
 * would otherwise mean two things). Thread-safe.
 */
public final class Names {

    /**
     * First segments of same-project references ({@code @secret/jwt-secret}); a project of one of
     * these names could not be referenced unambiguously.
     */
    public static final Set<String> RESERVED_PROJECT_NAMES = Set.of(
            "secret", "database", "bucket", "cache", "container", "function", "topic", "queue",
            "network", "ui", "kernel", "gcp-kernel");

    private Names() {}

    /** Returns why {@code name} cannot name a project, or empty when it can. */
    public static Optional<String> projectNameProblem(String name) {
        Optional<String> problem = segmentProblem("project", name);
        if (problem.isEmpty() && RESERVED_PROJECT_NAMES.contains(name)) {
            return Optional.of("project name '" + name + "' is reserved: references such as @" + name
                    + "/main point into the same project; choose another name");
        }
        return problem;
    }

    /** Returns why {@code name} cannot name a resource or network, or empty when it can. */
    public static Optional<String> segmentProblem(String what, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(what + " name is empty; use lowercase letters, digits and hyphens");
        }
        if (name.charAt(0) != '-' && isSegment(name)) {
            return Optional.empty();
        }
        // a name that is no name may be anything, a connection string with its password included:
        // the message quotes it masked and builds its suggestion from what it shows (masked only
        // here: a valid name holds nothing to mask)
        String shown = Secrets.maskText(name);
        if (name.charAt(0) == '-') {
            return Optional.of(what + " name '" + shown + "' starts with a hyphen, which a command line would read"
                    + " as an option; start it with a letter or digit (for example '" + suggestion(shown) + "')");
        }
        return Optional.of(what + " name '" + shown + "' is not allowed: use only lowercase letters,"
                + " digits and hyphens (for example '" + suggestion(shown) + "'), so that references"
                + " such as @project/" + (what.equals("project") ? "resource" : suggestion(shown)) + " can name it");
    }

    /**
     * Checks a project name.
     *
     * @return {@code name}
     * @throws InvalidNameException when it breaks the rules; the message says what is allowed
     */
    public static String requireProjectName(String name) {
        Optional<String> problem = projectNameProblem(name);
        if (problem.isPresent()) {
            throw new InvalidNameException(name, problem.get());
        }
        return name;
    }

    /**
     * Checks a resource or network name ({@code what} says which, for the message).
     *
     * @return {@code name}
     * @throws InvalidNameException when it breaks the rules; the message says what is allowed
     */
    public static String requireSegment(String what, String name) {
        Optional<String> problem = segmentProblem(what, name);
        if (problem.isPresent()) {
            throw new InvalidNameException(name, problem.get());
        }
        return name;
    }

    private static boolean isSegment(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String suggestion(String name) {
        String lowered = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        String trimmed = lowered.replaceAll("^-+|-+$", "");
        return trimmed.isEmpty() ? "my-name" : trimmed;
    }

    /**
     * The typing mistakes that turn {@code a} into {@code b}: letters inserted, deleted or replaced,
     * or two neighbours swapped, each one mistake (the optimal string alignment distance). What a
     * "did you mean" suggestion and the masking of a misspelt secret option measure. Quadratic in the
     * lengths: for words, not for text. Thread-safe.
     */
    public static int typingMistakes(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
