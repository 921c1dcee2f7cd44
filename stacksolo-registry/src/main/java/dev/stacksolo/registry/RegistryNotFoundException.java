package dev.stacksolo.registry;

import java.nio.file.Path;

/**
 * A command that only reads, or that changes what is recorded, found no registry file: nothing was
 * ever recorded there, and such a command does not create one ({@link Registry#openExisting(String)}).
 */
public final class RegistryNotFoundException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Creates the exception for the registry file that does not exist. */
    public RegistryNotFoundException(Path file) {
        super("no registry at " + file + " yet: nothing has been recorded there. Run `stacksolo register` (or"
                + " `stacksolo sync`) in a project folder to create it, or point --registry (or"
                + " STACKSOLO_REGISTRY_PATH) at an existing one");
        this.file = file;
    }

    /** The registry file that does not exist. */
    public Path file() {
        return file;
    }
}
