package dev.stacksolo.registry;

/**
 * A resource's outputs are not known at the point asked for: it had none recorded then (not yet
 * deployed, or before its history starts), or the deployment named has not ended.
 */
public final class OutputsNotRecordedException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what is missing and what to do. */
    public OutputsNotRecordedException(String message) {
        super(message);
    }
}
