package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;

/**
 * A point in a registry's history that outputs can be read "as of": the end of a deployment, or
 * an instant.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AsOf {

    /**
     * As the deployment left them: the outputs when it ended (its outputs version mark).
     *
     * @param deploymentId the deployment's id
     */
    record Deployment(String deploymentId) implements AsOf {
        /** Checks that the id is not null. */
        public Deployment {
            Objects.requireNonNull(deploymentId, "deploymentId");
        }

        @Override
        public String toString() {
            return "deployment " + deploymentId;
        }
    }

    /**
     * As they stood at an instant: each resource's newest version recorded at or before it.
     *
     * @param instant the instant
     */
    record Time(Instant instant) implements AsOf {
        /** Checks that the instant is not null. */
        public Time {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public String toString() {
            return instant.toString();
        }
    }

    /** As of the end of the deployment with this id. */
    static AsOf deployment(String deploymentId) {
        return new Deployment(deploymentId);
    }

    /** As of this instant. */
    static AsOf time(Instant instant) {
        return new Time(instant);
    }

    /**
     * The forms of a time {@link #parse} takes, for messages ({@code 2026-11-20T10:15:30Z},
     * {@code 2026-11-20 10:15:30 +05:30}…).
     */
    static String timeForms() {
        return TimeForms.DESCRIPTION;
    }

    /**
     * What {@code stacksolo output --at} takes: an ISO-8601 time ({@code 2026-11-20T10:15:30Z}, with
     * an offset, or a date {@code 2026-11-20}, meaning its start in UTC), a time as stacksolo shows
     * it ({@code 2026-11-20 10:15:30 +05:30}, or without the offset: local time, the zone from
     * {@code TZ}), or else a deployment id. Never null; text that does not look like a time is taken
     * for a deployment id, which the look-up checks.
     *
     * @throws dev.stacksolo.registry.InvalidInputException when the text looks like a date (digits,
     *     a dash, digits) but is not a valid time ({@code 2026-02-30}, {@code 2026-13-45}): the
     *     message lists the accepted forms
     */
    static AsOf parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        return TimeForms.parse(trimmed).<AsOf>map(AsOf::time).orElseGet(() -> deployment(trimmed));
    }
}
