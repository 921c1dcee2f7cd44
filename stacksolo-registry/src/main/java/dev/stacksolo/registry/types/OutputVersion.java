package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One version of a resource's outputs: what they became at one change, when, on behalf of which
 * deployment and by whom (one row of {@code output_versions}). Every change of
 * {@code resources.outputs} makes one, whoever writes it (the TypeScript registry too); a write of
 * the same value makes none.
 *
 * <p>Immutable and thread-safe: {@code outputs} is an unmodifiable map of JSON values.
 *
 * @param version the version's id: ids only grow, and their order is the order of the changes
 * @param resourceId the resource whose outputs these are (it may have been removed since)
 * @param outputs the outputs as they became
 * @param sensitiveKeys the keys to show as {@code <sensitive>}: those marked when the version was
 *     written and those the resource marks now (a key marked later hides its older values too),
 *     every key of a {@code secret} resource
 * @param recordedAt when the change was written (the writer's clock for the library's writes,
 *     the database's for another tool's)
 * @param deploymentId the deployment the write was made on behalf of; empty for a write outside
 *     a deployment (or another tool's)
 * @param by {@code user@host} of the process that wrote it; empty when another tool wrote it
 *     (the TypeScript registry), or for the version that schema version 9 seeded from what was there
 */
public record OutputVersion(
        long version,
        String resourceId,
        Map<String, Object> outputs,
        Set<String> sensitiveKeys,
        Instant recordedAt,
        Optional<String> deploymentId,
        Optional<String> by) {

    /** Checks that no component is null, and freezes the collections. */
    public OutputVersion {
        Objects.requireNonNull(resourceId, "resourceId");
        outputs = Frozen.map(Objects.requireNonNull(outputs, "outputs"));
        sensitiveKeys = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(sensitiveKeys, "sensitiveKeys")));
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(by, "by");
    }

    /** A copy whose {@link #sensitiveKeys()} also holds {@code more}. */
    public OutputVersion withSensitiveKeys(Set<String> more) {
        Set<String> all = new TreeSet<>(sensitiveKeys);
        all.addAll(more);
        return new OutputVersion(version, resourceId, outputs, all, recordedAt, deploymentId, by);
    }
}
