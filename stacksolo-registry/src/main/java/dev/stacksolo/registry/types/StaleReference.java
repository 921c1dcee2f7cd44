package dev.stacksolo.registry.types;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A cross-project reference that resolves differently now than when its reader last deployed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param project the project that reads it (by name)
 * @param reference the reference as written, such as {@code @shared-infra/main/users-db.connectionString}
 * @param target the project it reads from (by name)
 * @param change how it differs
 * @param reason why it does not resolve now (a message with secrets masked), for
 *     {@link ReferenceChange#NO_LONGER_RESOLVES}
 * @param baselineDeployment the reader's deployment that recorded what it resolved to then
 * @param baselineAt when that was recorded
 * @param changedAt when the value first changed after that, when output versions say so
 * @param changedByDeployment the upstream deployment that changed it, when the change was made on
 *     behalf of one
 * @param changedBy who changed it ({@code user@host}), when known
 */
public record StaleReference(String project, String reference, String target, ReferenceChange change,
        Optional<String> reason, String baselineDeployment, Instant baselineAt, Optional<Instant> changedAt,
        Optional<String> changedByDeployment, Optional<String> changedBy) {

    /** Checks that no component is null. */
    public StaleReference {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(baselineDeployment, "baselineDeployment");
        Objects.requireNonNull(baselineAt, "baselineAt");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(changedByDeployment, "changedByDeployment");
        Objects.requireNonNull(changedBy, "changedBy");
    }
}
