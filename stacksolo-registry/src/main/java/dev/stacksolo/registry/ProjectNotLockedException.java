package dev.stacksolo.registry;

/** An unlock asked for a project that no deploy holds a lock on. */
public final class ProjectNotLockedException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the project's name. */
    public ProjectNotLockedException(String projectName) {
        super("project '" + projectName + "' is not locked: no deploy or destroy of it is running; nothing was changed");
    }
}
