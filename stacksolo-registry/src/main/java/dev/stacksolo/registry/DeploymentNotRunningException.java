package dev.stacksolo.registry;

/**
 * A write on behalf of a deployment that no longer runs: it finished, or its lock was broken (by
 * {@code stacksolo unlock}, which records it failed). The write is refused so that a deploy that
 * lost its lock cannot overwrite what another deploy records; the message says what happened.
 */
public final class DeploymentNotRunningException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;

    /** Creates the exception for the deployment, with what happened to it. */
    public DeploymentNotRunningException(String deploymentId, String what) {
        super("deployment " + deploymentId + " is no longer running: " + what + "; nothing was changed");
        this.deploymentId = deploymentId;
    }

    /** The deployment's id. */
    public String deploymentId() {
        return deploymentId;
    }
}
