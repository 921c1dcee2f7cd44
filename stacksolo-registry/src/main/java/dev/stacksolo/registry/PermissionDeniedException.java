package dev.stacksolo.registry;

/**
 * The database refused a statement for lack of a privilege: the role connected to a PostgreSQL
 * registry is not allowed to do what the command does (a reader writing, a deployer migrating the
 * schema). The message names the role and what to ask for; it never holds the statement or its
 * values.
 */
public final class PermissionDeniedException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with its message and the driver's exception. */
    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
