package dev.stacksolo.registry;

/** The referenced resource exists but has no outputs yet: its project was not deployed. */
public final class ResourceNotDeployedException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for a reference whose resource has no outputs. */
    public ResourceNotDeployedException(String reference, String project, String resource) {
        super("resource '" + resource + "' of project '" + project + "' has no outputs yet (" + reference
                + "); deploy the project first");
    }
}
