package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Outputs written on behalf of a running deployment and not yet published: one row of
 * {@code staged_outputs}. They become the resource's outputs, all of the deployment's at once, when
 * the deployment ends (succeeded, failed, cancelled, or its lock broken); until then every reader of
 * the resource sees the published values, and only a live read ({@link OutputsView#LIVE}) sees these.
 *
 * <p>Immutable and thread-safe.
 *
 * @param deploymentId the deployment that wrote them
 * @param resourceId the resource they belong to
 * @param outputs the whole outputs the resource will have (writes merged over what the deployment
 *     staged before, or over the published outputs)
 * @param sensitiveOutputs the keys marked sensitive it will have
 * @param stagedAt when they were last written
 */
public record StagedOutputs(String deploymentId, String resourceId, Map<String, Object> outputs,
        Set<String> sensitiveOutputs, Instant stagedAt) {

    /** Checks that no component is null and freezes the maps. */
    public StagedOutputs {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(resourceId, "resourceId");
        outputs = Frozen.map(outputs);
        sensitiveOutputs = Set.copyOf(sensitiveOutputs);
        Objects.requireNonNull(stagedAt, "stagedAt");
    }
}
