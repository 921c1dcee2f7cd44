package dev.stacksolo.registry;

/** A document given to import is not a registry export (or is damaged). Nothing was written. */
public final class InvalidDocumentException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception saying what is wrong with the document. */
    public InvalidDocumentException(String message) {
        super(message);
    }
}
