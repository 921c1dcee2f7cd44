package dev.stacksolo.registry;

import java.nio.file.Path;

/** A project config file that is missing, unreadable, not JSON, or lacks what the registry needs. */
public final class ConfigFileException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final Path path;

    /** Creates the exception for {@code path} with what is wrong and what to do. */
    public ConfigFileException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** Creates the exception with the underlying failure. */
    public ConfigFileException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The config file. */
    public Path path() {
        return path;
    }
}
