package dev.stacksolo.registry.types;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
     * What {@code stacksolo output --at} takes: an ISO-8601 time ({@code 2026-11-20T10:15:30Z},
     * with an offset, or a date {@code 2026-11-20}, meaning its start in UTC) or else a deployment id.
     * Never null; text that is no time is taken for a deployment id, which the look-up checks.
     */
    static AsOf parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        try {
            return time(Instant.parse(trimmed));
        } catch (DateTimeParseException notInstant) {
            // an offset other than Z, or a date alone
        }
        try {
            return time(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException notOffset) {
            // a date alone
        }
        try {
            return time(java.time.LocalDate.parse(trimmed).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
            return deployment(trimmed);
        }
    }
}
