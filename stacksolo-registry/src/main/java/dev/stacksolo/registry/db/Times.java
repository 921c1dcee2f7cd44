package dev.stacksolo.registry.db;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as the format stores them: ISO-8601 UTC with milliseconds and {@code Z}
 * ({@code 2026-11-23T23:18:47.505Z}), which sort as text. Thread-safe.
 */
public final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {}

    /** The current time, truncated to what the format keeps. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Formats an instant as the format stores it (always with milliseconds). */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** Parses a stored timestamp (with or without fractional seconds). */
    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
