package dev.stacksolo.registry;

/** No project of that name (or id) is registered. */
public final class ProjectNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String project;

    /** Creates the exception for the project name or id that was looked up. */
    public ProjectNotFoundException(String project) {
        super("project '" + project + "' is not registered; run `stacksolo list` to see the registered"
                + " projects, or `stacksolo register` in its folder");
        this.project = project;
    }

    /** The project name or id that was looked up. */
    public String project() {
        return project;
    }
}
