package dev.stacksolo.registry;

/**
 * The root of every failure the registry reports. Unchecked; each subclass is named after the
 * failure and its message says what went wrong and what to do, with secrets masked.
 */
public abstract class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message a user can act on. */
    protected RegistryException(String message) {
        super(message);
    }

    /** Creates an exception with a message a user can act on and the failure underneath it. */
    protected RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
