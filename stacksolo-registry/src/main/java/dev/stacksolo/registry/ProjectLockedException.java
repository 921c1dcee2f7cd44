package dev.stacksolo.registry;

import dev.stacksolo.registry.types.DeploymentLock;

/**
 * A deploy or destroy of the project holds its lock: another cannot start, and the lock may not
 * be broken without its id while its holder looks alive. The message names the holder (deployment
 * id, host, process, user, start time) and what to do.
 */
public final class ProjectLockedException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final transient DeploymentLock lock;

    /** Creates the exception for {@code lock}, with a message that says what to do. */
    public ProjectLockedException(String message, DeploymentLock lock) {
        super(message);
        this.lock = lock;
    }

    /** The lock that is held. */
    public DeploymentLock lock() {
        return lock;
    }
}
