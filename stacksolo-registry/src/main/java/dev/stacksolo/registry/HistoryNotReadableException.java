package dev.stacksolo.registry;

/**
 * The role reading the registry may not read the values of output versions (a PostgreSQL reader
 * role has no SELECT on {@code output_versions.outputs}: old values may hold secrets).
 */
public final class HistoryNotReadableException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for what was asked and the database role that asked. */
    public HistoryNotReadableException(String what, String role) {
        super(what + " needs the deployer role: the role " + role + " may not read old output values (they may hold"
                + " secrets, and have no masked copy). Run this as the deployer role (`stacksolo registry grants"
                + " --reader … --deployer …` prints what each role may read)");
    }
}
