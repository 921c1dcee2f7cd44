package dev.stacksolo.registry.types;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An event to log with {@code logEvent}. Build one with {@link #of(EventCategory, String)} and the
 * {@code with…} methods. Immutable.
 *
 * @param category where it comes from
 * @param eventType what happened ({@code phase_start}, {@code apply_end}…)
 * @param project the project it concerns
 * @param resourceType the type of the resource it concerns
 * @param resourceName the name of the resource it concerns
 * @param terraformAddress the Terraform address it concerns
 * @param data details (masked before they are stored)
 * @param parentEventId the event it belongs under
 * @param correlationId ties a start to its end
 */
public record NewEvent(EventCategory category, String eventType, Optional<String> project,
        Optional<String> resourceType, Optional<String> resourceName, Optional<String> terraformAddress,
        Map<String, Object> data, Optional<Long> parentEventId, Optional<String> correlationId) {

    /** Checks the fields. */
    public NewEvent {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(eventType, "eventType");
        if (eventType.isBlank()) {
            throw new IllegalArgumentException("eventType must not be blank");
        }
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(terraformAddress, "terraformAddress");
        data = Frozen.map(data);
        Objects.requireNonNull(parentEventId, "parentEventId");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    /** An event of {@code category} and {@code eventType} with no details. */
    public static NewEvent of(EventCategory category, String eventType) {
        return new NewEvent(category, eventType, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    /** About this project. */
    public NewEvent withProject(String project) {
        return new NewEvent(category, eventType, Optional.of(project), resourceType, resourceName, terraformAddress,
                data, parentEventId, correlationId);
    }

    /** About this resource. */
    public NewEvent withResource(String resourceType, String resourceName) {
        return new NewEvent(category, eventType, project, Optional.ofNullable(resourceType), Optional.of(resourceName),
                terraformAddress, data, parentEventId, correlationId);
    }

    /** About this Terraform address. */
    public NewEvent withTerraformAddress(String address) {
        return new NewEvent(category, eventType, project, resourceType, resourceName, Optional.of(address),
                data, parentEventId, correlationId);
    }

    /** With these details. */
    public NewEvent withData(Map<String, ?> data) {
        return new NewEvent(category, eventType, project, resourceType, resourceName, terraformAddress,
                Frozen.map(data), parentEventId, correlationId);
    }

    /** Under this parent event. */
    public NewEvent withParent(long parentEventId) {
        return new NewEvent(category, eventType, project, resourceType, resourceName, terraformAddress,
                data, Optional.of(parentEventId), correlationId);
    }

    /** With this correlation id (the same on a start and its end). */
    public NewEvent withCorrelationId(String correlationId) {
        return new NewEvent(category, eventType, project, resourceType, resourceName, terraformAddress,
                data, parentEventId, Optional.of(correlationId));
    }
}
