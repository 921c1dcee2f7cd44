package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a session: one row of {@code events}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the database's id (increasing)
 * @param sessionId the session it belongs to
 * @param timestamp when it happened
 * @param seq its place in the session: 1, 2, 3…, assigned by the database, so events logged by
 *     several processes into one session never share a number
 * @param project the project it concerns
 * @param category where it comes from
 * @param eventType what happened ({@code phase_start}, {@code apply_end}…)
 * @param resourceType the type of the resource it concerns
 * @param resourceName the name of the resource it concerns
 * @param terraformAddress the Terraform address it concerns
 * @param data details (a JSON object, secrets masked)
 * @param parentEventId the event it belongs under
 * @param correlationId ties a start to its end
 */
public record LogEvent(
        long id,
        String sessionId,
        Instant timestamp,
        long seq,
        Optional<String> project,
        EventCategory category,
        String eventType,
        Optional<String> resourceType,
        Optional<String> resourceName,
        Optional<String> terraformAddress,
        Map<String, Object> data,
        Optional<Long> parentEventId,
        Optional<String> correlationId) {

    /** Checks that no component is null. */
    public LogEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(terraformAddress, "terraformAddress");
        data = Frozen.map(data);
        Objects.requireNonNull(parentEventId, "parentEventId");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
