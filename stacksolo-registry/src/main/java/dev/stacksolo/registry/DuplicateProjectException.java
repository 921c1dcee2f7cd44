package dev.stacksolo.registry;

/** A project of that name is already registered (from another config path). Nothing was written. */
public final class DuplicateProjectException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** Creates the exception, naming where the existing registration came from. */
    public DuplicateProjectException(String name, String existingPath) {
        super("project '" + name + "' is already registered from " + existingPath
                + "; rename this project, or unregister the other one with `stacksolo unregister "
                + name + "`");
        this.name = name;
    }

    /** The name already taken. */
    public String name() {
        return name;
    }
}
