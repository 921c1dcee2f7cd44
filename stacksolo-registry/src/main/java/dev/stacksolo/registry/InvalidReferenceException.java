package dev.stacksolo.registry;

import dev.stacksolo.registry.types.Reference;

/** A reference that does not follow the grammar {@value Reference#GRAMMAR}. */
public final class InvalidReferenceException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String reference;

    /** Creates the exception for {@code reference}, saying which part is wrong. */
    public InvalidReferenceException(String reference, String problem) {
        super("invalid reference '" + reference + "': " + problem + "; expected " + Reference.GRAMMAR);
        this.reference = String.valueOf(reference);
    }

    /** The reference as written. */
    public String reference() {
        return reference;
    }
}
