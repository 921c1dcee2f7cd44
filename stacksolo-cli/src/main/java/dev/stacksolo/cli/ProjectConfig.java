package dev.stacksolo.cli;

import dev.stacksolo.registry.db.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A project's {@code .stacksolo/stacksolo.config.json}, read and checked for what the registry
 * needs: {@code project.name}, {@code project.gcpProjectId} and {@code project.region}.
 *
 * @param file the config file (absolute)
 * @param text its text, as hashed
 * @param root the whole document
 * @param project the {@code project} object
 */
record ProjectConfig(Path file, String text, Map<String, Object> root, Map<String, Object> project) {

    /**
     * Reads and checks the config file.
     *
     * @throws CliException when it is missing, not JSON, or lacks a required field; the message
     *     says what to do
     */
    static ProjectConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("no project config at " + file + "; run this in a StackSolo project"
                    + " folder (one with .stacksolo/stacksolo.config.json)");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> root;
        try {
            // a byte order mark (as some Windows editors save UTF-8) is no part of the JSON
            root = Json.readObject(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new CliException(file + " is not valid JSON (" + detail + "); fix the file and try again", e);
        }
        if (!(root.get("project") instanceof Map<?, ?> projectObject)) {
            throw new CliException(file + " has no \"project\" object; see the StackSolo config format");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> project = (Map<String, Object>) projectObject;
        ProjectConfig config = new ProjectConfig(file, text, root, project);
        config.requireText("name");
        config.requireText("gcpProjectId");
        config.requireText("region");
        config.requireMatch("gcpProjectId", GCP_PROJECT_ID, "a Google Cloud project id: 6 to 30 lowercase letters,"
                + " digits and hyphens, starting with a letter and not ending with a hyphen (such as my-project-123),"
                + " or the legacy domain-scoped form example.com:my-project");
        config.requireMatch("region", REGION, "a region: lowercase letters, digits and hyphens, starting with a"
                + " letter (such as us-central1 or europe-west1)");
        return config;
    }

    /**
     * Google Cloud's project id rules (6 to 30 characters: lowercase letters, digits and hyphens, a
     * letter first, no hyphen last), with the legacy domain-scoped form {@code example.com:my-project}.
     * Checked so that a config field never carries other text (a URL with a password, a token) into
     * the registry's projects table, which every view and a PostgreSQL reader show.
     */
    static final java.util.regex.Pattern GCP_PROJECT_ID = java.util.regex.Pattern.compile(
            "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");
    /** A Google Cloud region or multi-region ({@code us-central1}, {@code europe-west1}, {@code eu}). */
    static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");

    String name() {
        return (String) project.get("name");
    }

    String gcpProjectId() {
        return (String) project.get("gcpProjectId");
    }

    String region() {
        return (String) project.get("region");
    }

    /** @throws CliException naming the field and its rule, and the value only when it looks no secret */
    private void requireMatch(String field, java.util.regex.Pattern rule, String what) {
        String value = (String) project.get(field);
        if (!rule.matcher(value).matches()) {
            boolean secret = !dev.stacksolo.registry.Secrets.maskText(value).equals(value) || value.length() > 80;
            throw new CliException(file + ": project." + field + (secret ? "" : " '" + Terminal.escape(value, false) + "'")
                    + " is not " + what + "; fix it in the \"project\" object");
        }
    }

    private void requireText(String field) {
        Object value = project.get(field);
        if (value == null) {
            throw new CliException(file + " lacks project." + field + "; add it to the \"project\" object");
        }
        if (!(value instanceof String text)) {
            throw new CliException(file + ": project." + field + " must be a string, got " + jsonType(value) + " ("
                    + Json.writeValue(value) + "); write it in quotes");
        }
        if (text.isBlank()) {
            throw new CliException(file + ": project." + field + " is empty; give it a value");
        }
    }

    /** What JSON calls the type of a parsed value: a number, a boolean, an object, an array. */
    private static String jsonType(Object value) {
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value instanceof java.util.List ? "an array" : "a " + value.getClass().getSimpleName();
    }
}
