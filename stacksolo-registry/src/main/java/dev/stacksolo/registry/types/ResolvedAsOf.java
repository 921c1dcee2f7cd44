package dev.stacksolo.registry.types;

import java.util.Objects;

/**
 * A reference resolved as of a point in the past, and the version of the resource's outputs it
 * was read from.
 *
 * @param resolved the reference, property and value; its resource is the resource as it is now,
 *     but with the outputs (and sensitive keys) of {@code version}
 * @param version the version the value was read from
 * @param point the point it was read as of
 */
public record ResolvedAsOf(ResolvedReference resolved, OutputVersion version, AsOf point) {

    /** Checks that no component is null. */
    public ResolvedAsOf {
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(point, "point");
    }
}
