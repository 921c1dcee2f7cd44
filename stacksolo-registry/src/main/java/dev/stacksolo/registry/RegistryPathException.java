package dev.stacksolo.registry;

/**
 * The registry path names something SQLite must not open as a database: a device such as
 * {@code /dev/null}, a fifo, a socket, a folder, or a symbolic link to a file that does not exist.
 * Refused before SQLite touches it (SQLite would create a {@code -journal} file beside a device).
 */
public final class RegistryPathException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the path, what it is, and what to do. */
    public RegistryPathException(String message) {
        super(message);
    }
}
