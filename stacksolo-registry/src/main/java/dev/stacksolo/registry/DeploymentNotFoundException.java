package dev.stacksolo.registry;

/** No deployment has that id. */
public final class DeploymentNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;

    /** Creates the exception for the id looked up. */
    public DeploymentNotFoundException(String deploymentId) {
        super("no deployment has id '" + deploymentId + "'; run `stacksolo history` followed by the"
                + " project's name (`stacksolo list` names them) to see its deployments and their ids");
        this.deploymentId = deploymentId;
    }

    /** The id looked up. */
    public String deploymentId() {
        return deploymentId;
    }
}
