package dev.stacksolo.registry;

/**
 * A project is registered from another config file than the one a command runs for: a folder
 * whose config names a project registered from another folder may not change it. Nothing was
 * written.
 */
public final class ProjectRegisteredElsewhereException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String registeredPath;
    private final String configPath;

    /**
     * Creates the exception.
     *
     * @param name the project's name
     * @param registeredPath the config path the project is registered from ("(no config path)" when none)
     * @param configPath the config file the refused command runs for
     */
    public ProjectRegisteredElsewhereException(String name, String registeredPath, String configPath) {
        super("project '" + name + "' is registered from " + registeredPath + ", not from " + configPath
                + "; nothing was changed. Rename the project in this config, or, to move the registration"
                + " here on purpose, run `stacksolo register --force` in this folder");
        this.name = name;
        this.registeredPath = registeredPath;
        this.configPath = configPath;
    }

    /** The project's name. */
    public String name() {
        return name;
    }

    /** The config path the project is registered from. */
    public String registeredPath() {
        return registeredPath;
    }

    /** The config file of the refused command. */
    public String configPath() {
        return configPath;
    }
}
