package dev.stacksolo.registry.types;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one resource's outputs changed between two points. Values are raw here: views mask
 * {@link #sensitiveKeys()} (and detected secrets) unless secrets are asked for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param resourceId the resource
 * @param reference how a reference names it ({@code @project/[network/]name}); its id when the
 *     resource was removed since
 * @param added the outputs present at the end and not at the start, with their new values
 * @param removed the outputs present at the start and not at the end, with their old values
 * @param changed the outputs present at both with different values: key → old and new value
 * @param sensitiveKeys the keys whose values are sensitive (marked at either point, or now)
 * @param fromVersion the version at the start, if the resource had one
 * @param toVersion the version at the end, if it had one
 */
public record ResourceOutputsDiff(String resourceId, String reference, Map<String, Object> added,
        Map<String, Object> removed, Map<String, Change> changed, Set<String> sensitiveKeys,
        Optional<Long> fromVersion, Optional<Long> toVersion) {

    /** Checks that no component is null, and freezes the collections. */
    public ResourceOutputsDiff {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(reference, "reference");
        added = Frozen.map(added);
        removed = Frozen.map(removed);
        changed = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(changed));
        sensitiveKeys = Collections.unmodifiableSet(new TreeSet<>(sensitiveKeys));
        Objects.requireNonNull(fromVersion, "fromVersion");
        Objects.requireNonNull(toVersion, "toVersion");
    }

    /**
     * One output's old and new value (JSON values; null is JSON null).
     *
     * @param before the value at the start
     * @param after the value at the end
     */
    public record Change(Object before, Object after) {}
}
