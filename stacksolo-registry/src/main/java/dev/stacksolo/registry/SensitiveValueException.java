package dev.stacksolo.registry;

/**
 * A reference resolves to a sensitive value, and the role reading the registry may not read
 * sensitive values (a PostgreSQL reader role: it sees the masked copy of the outputs only).
 */
public final class SensitiveValueException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for the reference and the database role that read it. */
    public SensitiveValueException(String reference, String role) {
        super(reference + " is a sensitive value: reading it needs the deployer role; the role " + role
                + " reads only the masked copy of outputs. Run this as the deployer role, or ask an admin which role"
                + " may (`stacksolo registry grants --reader … --deployer …` prints what each role may read)");
    }
}
