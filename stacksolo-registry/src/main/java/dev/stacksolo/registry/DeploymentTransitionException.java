package dev.stacksolo.registry;

import dev.stacksolo.registry.types.DeploymentStatus;

/**
 * A deployment asked to move against its state machine: pending → running → succeeded | failed |
 * cancelled, forward only, and a finished deployment never changes (finishing a failed one as
 * succeeded would keep its error and rewrite history). Nothing was changed.
 */
public final class DeploymentTransitionException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;
    private final String from;
    private final DeploymentStatus to;

    /** Creates the exception for the deployment, its stored status and the refused one. */
    public DeploymentTransitionException(String deploymentId, String from, DeploymentStatus to) {
        super("deployment " + deploymentId + " is " + from + " and cannot become " + to.value() + ": "
                + (isFinal(from) ? "a finished deployment never changes; start a new deployment instead"
                        : "a deployment moves only forward, pending → running → succeeded | failed | cancelled")
                + "; nothing was changed");
        this.deploymentId = deploymentId;
        this.from = from;
        this.to = to;
    }

    private static boolean isFinal(String status) {
        return status.equals("succeeded") || status.equals("failed") || status.equals("cancelled");
    }

    /** The deployment's id. */
    public String deploymentId() {
        return deploymentId;
    }

    /** The status it has (as stored). */
    public String from() {
        return from;
    }

    /** The status that was refused. */
    public DeploymentStatus to() {
        return to;
    }
}
