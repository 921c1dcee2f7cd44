package dev.stacksolo.registry.types;

import dev.stacksolo.registry.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Checks of input fields shared by the input records (internal). Thread-safe. */
final class Inputs {

    private Inputs() {}

    /** {@code value}, refused when null or blank, with what to give instead. */
    static String requireText(String field, String value, String expected) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is " + (value == null ? "missing" : "blank") + "; give " + expected);
        }
        return value;
    }

    /**
     * A config path as the registry stores it: absolute and normalized ({@code /a/./b/../c} becomes
     * {@code /a/c}), so that one config file has one registration. A relative path is refused: it
     * would mean another file from every other folder.
     */
    static Optional<String> configPath(Optional<String> configPath) {
        if (configPath.isEmpty()) {
            return configPath;
        }
        String given = configPath.get();
        Path path;
        try {
            path = Path.of(given);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("configPath", "'" + given + "' is not a path (" + e.getReason() + ")");
        }
        if (given.isBlank() || !path.isAbsolute()) {
            throw new InvalidInputException("configPath", "'" + given + "' is not absolute; give the absolute path of"
                    + " the project's .stacksolo/stacksolo.config.json (Path.toAbsolutePath())");
        }
        String normalized = path.normalize().toString();
        return normalized.equals(given) ? configPath : Optional.of(normalized);
    }
}
