package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which events of a session to read. {@link #all()} and the {@code with…} methods. Immutable.
 *
 * @param category only this category
 * @param eventType only this event type
 * @param resourceName only events about this resource
 * @param since only events at or after this time
 * @param limit at most this many (the first ones, in order)
 */
public record EventFilter(Optional<EventCategory> category, Optional<String> eventType,
        Optional<String> resourceName, Optional<Instant> since, Optional<Integer> limit) {

    /** Checks the fields. */
    public EventFilter {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(limit, "limit");
        if (limit.isPresent() && limit.get() < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit.get());
        }
    }

    /** Every event. */
    public static EventFilter all() {
        return new EventFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Only this category. */
    public EventFilter withCategory(EventCategory category) {
        return new EventFilter(Optional.of(category), eventType, resourceName, since, limit);
    }

    /** Only this event type. */
    public EventFilter withEventType(String eventType) {
        return new EventFilter(category, Optional.of(eventType), resourceName, since, limit);
    }

    /** Only events about this resource. */
    public EventFilter withResourceName(String resourceName) {
        return new EventFilter(category, eventType, Optional.of(resourceName), since, limit);
    }

    /** Only events at or after {@code since}. */
    public EventFilter since(Instant since) {
        return new EventFilter(category, eventType, resourceName, Optional.of(since), limit);
    }

    /** At most {@code limit} events. */
    public EventFilter withLimit(int limit) {
        return new EventFilter(category, eventType, resourceName, since, Optional.of(limit));
    }
}
