package dev.stacksolo.registry;

/**
 * The database failed: it could not be opened or a statement failed. The {@link #getCause() cause}
 * is the driver's exception; the message names the registry's location (password masked).
 */
public class DatabaseException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its cause. */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception without an underlying driver exception. */
    public DatabaseException(String message) {
        super(message);
    }
}
