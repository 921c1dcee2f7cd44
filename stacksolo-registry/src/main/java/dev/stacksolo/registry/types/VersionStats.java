package dev.stacksolo.registry.types;

import java.util.Objects;
import java.util.Optional;

/**
 * How much output history the registry keeps.
 *
 * @param versions how many versions
 * @param resources how many resources (present or removed) they belong to
 * @param bytes the stored size of their outputs and marks as text; empty for a role that may not
 *     read the outputs (a PostgreSQL reader)
 */
public record VersionStats(long versions, long resources, Optional<Long> bytes) {

    /** Checks that no component is null. */
    public VersionStats {
        Objects.requireNonNull(bytes, "bytes");
    }
}
