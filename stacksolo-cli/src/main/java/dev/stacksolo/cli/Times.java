package dev.stacksolo.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Times for people: the one format of every text view and message, the local date and time to the
 * second with the zone's offset ({@code 2026-11-23 23:18:47 +01:00}; the library's
 * {@code Times.forPeople}); durations as 1m 05s. JSON keeps ISO-8601 UTC.
 */
final class Times {

    private Times() {}

    static String local(Instant instant) {
        return dev.stacksolo.registry.db.Times.forPeople(instant);
    }

    static String local(Optional<Instant> instant) {
        return instant.map(Times::local).orElse("-");
    }

    /**
     * How long something took from {@code start} to {@code end}, for people; when the end is
     * recorded before the start (hosts whose clocks disagree) it is shown as 0s and says so.
     */
    static Optional<String> took(Instant start, Optional<Instant> end) {
        return end.map(finished -> finished.isBefore(start)
                ? "0s (clock skew: its end is recorded " + duration(Duration.between(finished, start)) + " before its start)"
                : duration(Duration.between(start, finished)));
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return duration.toMillis() + "ms";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
