package dev.stacksolo.registry.types;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lock a running deploy or destroy holds on its project, as the registry sees it now: who
 * holds it, since when, its last heartbeat, and whether its holder looks gone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param projectId the locked project
 * @param lockId the lock's id: the id of the deployment that holds it
 * @param action what the holder is doing
 * @param holder the host, process and user holding it
 * @param acquiredAt when it was taken
 * @param heartbeatAt when the holder last showed it was alive
 * @param lease how long a heartbeat keeps the lock live
 * @param staleReason why the holder looks gone (its process is not running on this host, or no
 *     heartbeat within the lease); empty while the lock is live
 */
public record DeploymentLock(
        String projectId,
        String lockId,
        DeploymentAction action,
        LockHolder holder,
        Instant acquiredAt,
        Instant heartbeatAt,
        Duration lease,
        Optional<String> staleReason) {

    /** Checks that no component is null. */
    public DeploymentLock {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(lockId, "lockId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(staleReason, "staleReason");
    }

    /** Whether the holder looks gone, so the lock may be broken without its id. */
    public boolean isStale() {
        return staleReason.isPresent();
    }

    /** When the lock stops being live unless the holder refreshes it. */
    public Instant expiresAt() {
        return heartbeatAt.plus(lease);
    }
}
