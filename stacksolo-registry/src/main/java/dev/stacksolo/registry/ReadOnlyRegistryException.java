package dev.stacksolo.registry;

/**
 * A write to a registry opened read-only: its schema is newer than this build knows, so writing
 * could damage data a newer version relies on.
 */
public final class ReadOnlyRegistryException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the reason the registry is read-only. */
    public ReadOnlyRegistryException(String reason) {
        super(reason);
    }
}
